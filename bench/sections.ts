import type { BenchSection } from './section.ts';

/** Each benchmark area adds its section here. */
export const sections: readonly BenchSection[] = [];
