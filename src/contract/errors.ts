import { z } from 'zod';

/** Every 4xx/5xx body. `code` is stable; `message` never echoes ticket text. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    path: z.string().nullable().optional(),
    retryAfterSeconds: z.number().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
