import { z } from 'zod';

/** One import line that was not stored: its 1-based line number, why, and the field at fault (never the line's text). */
export const ImportLineError = z.object({
  line: z.number().int().min(1),
  code: z.string(),
  /** Field path such as `comments.0.body`, or null when the whole line is at fault. */
  path: z.string().nullable(),
});
export type ImportLineError = z.infer<typeof ImportLineError>;

/** What `POST /v1/admin/import` returns. Importing again is safe: tickets are upserted by id. */
export const ImportReport = z.object({
  /** Non-blank lines read. */
  received: z.number().int().min(0),
  inserted: z.number().int().min(0),
  updated: z.number().int().min(0),
  /** Already stored with the same content (a re-run of the same file). */
  unchanged: z.number().int().min(0),
  rejected: z.number().int().min(0),
  /** The first rejected lines (at most 100). */
  errors: z.array(ImportLineError),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** What `POST /v1/admin/train` returns: the new version, its held-out metrics, and whether it now serves. */
export const TrainResponse = z.object({
  version: z.string(),
  metrics: z.record(z.string(), z.number()),
  promoted: z.boolean(),
  /** The version serving after this run (the new one when promoted, else the previous one). */
  serving: z.string(),
});
export type TrainResponse = z.infer<typeof TrainResponse>;
