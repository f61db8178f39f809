export { seededRandom, shuffleInPlace } from './random.ts';
export { foldOfId, splitById, splitHoldout, type Split, type SplitOptions } from './split.ts';
