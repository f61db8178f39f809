/**
 * The stable `code` a thrown value carries (the project's typed errors, Node's errno errors, PostgreSQL's SQLSTATE,
 * fastify's FST_ERR_*), or null when it has no string code. Callers pick their own fallback.
 */
export function errorCode(error: unknown): string | null {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : null;
}
