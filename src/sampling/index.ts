export { seededRandom, shuffleInPlace } from './random.ts';
export { splitById, splitHoldout, type Split, type SplitOptions } from './split.ts';
