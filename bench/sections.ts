import type { BenchSection } from './section.ts';
import { redactionSection } from './redaction.ts';

/** Each benchmark area adds its section here. */
export const sections: readonly BenchSection[] = [redactionSection];
