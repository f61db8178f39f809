import type { z } from 'zod';
import { clip } from '../../src/text/index.ts';
import { ValidationError } from '../errors.ts';

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

/**
 * Validates outside data with a contract schema. On failure: a ValidationError naming the first bad field by path.
 * zod's messages describe the expected shape and never quote the value, so ticket text is not echoed.
 * `pathPrefix` names the source in the path (`params.id`), where a bare field name would read as a body field.
 */
export function parseWith<Schema extends z.ZodType>(
  schema: Schema,
  data: unknown,
  where: string,
  options: { pathPrefix?: string } = {},
): z.infer<Schema> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue
    ? formatPath(options.pathPrefix === undefined ? issue.path : [options.pathPrefix, ...issue.path])
    : '';
  const subject = options.pathPrefix === undefined && path ? `${where} ${path}` : path || where;
  const message = issue ? `${subject}: ${issue.message}` : `${where} is invalid`;
  throw new ValidationError(path || where, clip(message, 300));
}
