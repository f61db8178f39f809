import type { Logger } from 'pino';
import { generateDemoTickets } from '../demo/index.ts';
import type { RuntimeHandle } from './create-runtime.ts';

export interface BootstrapReport {
  readonly importedDemo: number;
  readonly trainedVersion: string | null;
}

async function* jsonLines(items: readonly unknown[]): AsyncGenerator<string> {
  for (const item of items) yield JSON.stringify(item);
}

/**
 * First start on an empty database: imports the demo tickets (when `demo` is on) and trains a model when none is
 * promoted yet, so `npm start` answers triage requests at once.
 */
export async function bootstrap(
  handle: RuntimeHandle,
  logger: Logger,
  options: { demo: boolean },
): Promise<BootstrapReport> {
  let importedDemo = 0;
  if (options.demo && (await handle.store.countTickets()) === 0) {
    const report = await handle.runtime.importer(jsonLines(generateDemoTickets()));
    importedDemo = report.inserted + report.updated;
    logger.info({ inserted: report.inserted, rejected: report.rejected }, 'imported demo tickets');
    await handle.similar.refresh();
  }
  let trainedVersion: string | null = null;
  if (handle.model.current() === null && (await handle.model.refresh()) === false) {
    const labelled = (await handle.store.labelledTickets()).length;
    if (labelled > 0) {
      const trained = await handle.trainer.train();
      trainedVersion = trained.version;
      logger.info({ version: trained.version, metrics: trained.metrics }, 'trained the first model');
    } else {
      logger.warn(
        'no labelled tickets and no model: import tickets (POST /v1/admin/import) and train (POST /v1/admin/train)',
      );
    }
  }
  return { importedDemo, trainedVersion };
}
