export { importTickets, checkLine, type ImportCounts, type ImportLineError, type ImportOptions, type ImportReport } from './import-tickets.ts';
export { readLines } from './read-lines.ts';
