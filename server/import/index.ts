export {
  importTickets,
  checkLine,
  defaultImportWorkers,
  type ImportCounts,
  type ImportLineError,
  type ImportOptions,
  type ImportReport,
  type ImportStats,
} from './import-tickets.ts';
export { readLines } from './read-lines.ts';
export { importWrite } from './check-line.ts';
