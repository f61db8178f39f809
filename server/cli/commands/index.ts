import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Each command lives in its own file and registers itself here (one per line, so merges stay simple). A command's
 * file is loaded only when that command runs (or for the full help): `triage train` does not load the HTTP server, the
 * database drivers or the runtime that `triage serve` needs, which took most of its start-up time.
 */
export const commands: Readonly<Record<string, () => Promise<Register>>> = {
  taxonomy: async () => (await import('./taxonomy.ts')).registerTaxonomy,
  redact: async () => (await import('./redact.ts')).registerRedact,
  'eval-redaction': async () => (await import('./eval-redaction.ts')).registerEvalRedaction,
  demo: async () => (await import('./demo.ts')).registerDemo,
  train: async () => (await import('./train.ts')).registerTrain,
  classify: async () => (await import('./classify.ts')).registerClassify,
  eval: async () => (await import('./eval.ts')).registerEval,
  'eval-similar': async () => (await import('./eval-similar.ts')).registerEvalSimilar,
  import: async () => (await import('./import.ts')).registerImport,
  serve: async () => (await import('./serve.ts')).registerServe,
  token: async () => (await import('./token.ts')).registerToken,
  model: async () => (await import('./model.ts')).registerModel,
  installations: async () => (await import('./installations.ts')).registerInstallations,
  report: async () => (await import('./report.ts')).registerReport,
  webhook: async () => (await import('./webhook.ts')).registerWebhook,
};
