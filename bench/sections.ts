import type { BenchSection } from './section.ts';
import { redactionSection } from './redaction.ts';
import { llmSection } from './llm.ts';
import { serverSection } from './server.ts';
import { bundleSection } from './bundle.ts';
import { classificationSection } from './classification.ts';
import { similarSection } from './similar.ts';
import { importSection } from './import.ts';
import { longTicketsSection } from './long-tickets.ts';
import { tenantsSection } from './tenants.ts';
import { zendeskSection } from './zendesk.ts';

/** Each benchmark area adds its section here (one per line, so merges stay simple). */
export const sections: readonly BenchSection[] = [
  redactionSection,
  serverSection,
  llmSection,
  bundleSection,
  classificationSection,
  similarSection,
  importSection,
  longTicketsSection,
  tenantsSection,
  zendeskSection,
];
