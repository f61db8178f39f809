import { errorCode } from '../../src/errors/index.ts';

/**
 * The database cannot be reached right now (refused, reset, terminated, starting up, too many connections).
 * Retryable: the pool reconnects by itself, so the HTTP layer answers 503 and the caller tries again later.
 */
export class StorageUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  readonly status = 503;
  readonly isRetryable = true;
  constructor(message = 'the database is unavailable', options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}

// SQLSTATE class 08 is "connection exception"; 57P01-57P03 are admin/crash shutdown and "starting up";
// 53300 is too_many_connections. All clear up by themselves.
const UNAVAILABLE_SQLSTATE = /^(08|57P0[123]|53300)/;
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
// node-postgres reports a dropped socket or a connect timeout as a plain Error without a code.
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|PGlite is closed|Cannot use a pool after calling end/i;

/** True when an error means "the database is not reachable" rather than "this statement is wrong". */
export function isUnavailableError(error: unknown): boolean {
  if (error instanceof StorageUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = errorCode(error);
  if (code !== null && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
  if (error instanceof AggregateError && error.errors.some(isUnavailableError)) return true;
  return UNAVAILABLE_MESSAGE.test(error.message);
}

/** Rethrows connection failures as StorageUnavailableError; other errors pass through unchanged. */
export function mapStorageError(error: unknown): never {
  if (error instanceof StorageUnavailableError) throw error;
  if (isUnavailableError(error)) throw new StorageUnavailableError(undefined, { cause: error });
  throw error;
}
