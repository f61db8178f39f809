import type { z } from 'zod';
import { ValidationError } from './errors.ts';

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/**
 * Validates outside data with a contract schema. On failure: a ValidationError naming the first bad field by path.
 * zod's messages describe the expected shape and never quote the value, so ticket text is not echoed.
 */
export function parseWith<Schema extends z.ZodType>(schema: Schema, data: unknown, where: string): z.infer<Schema> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue ? formatPath(issue.path) : '';
  const message = issue ? `${where}${path ? ` ${path}` : ''}: ${issue.message}` : `${where} is invalid`;
  throw new ValidationError(path || where, message.slice(0, 300));
}
