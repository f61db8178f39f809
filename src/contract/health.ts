import { z } from 'zod';

/** `GET /readyz`: 200 when ready, 503 otherwise, with what is missing. */
export const ReadyResponse = z.object({
  ready: z.boolean(),
  database: z.object({ ok: z.boolean(), engine: z.string(), detail: z.string().nullable() }),
  /**
   * `labelsNotInTaxonomy`: labels the serving model knows that the taxonomy no longer has (label ids); `detail` says
   * what that means for triage, null without such labels. Still ready: the model answers within the taxonomy, and
   * when it knows none of its labels every ticket goes to review (docs/decisions/2026-11-30-label-gap-in-readyz.md).
   */
  model: z.object({
    ok: z.boolean(),
    version: z.string().nullable(),
    labelsNotInTaxonomy: z.array(z.string()),
    detail: z.string().nullable(),
  }),
  /**
   * `groups`: whether the taxonomy's routing groups exist in the Zendesk account, from the backend's cached list (a
   * probe never waits on Zendesk). `checked` is false without Zendesk credentials, before the first read
   * (`ZENDESK_GROUPS_PENDING`) or while no read has succeeded (`detail` says which); `notInAccount` lists the names (as
   * the taxonomy writes them) that match no live group, or match several; when the last read failed, the last good
   * list is used and `detail` says so. Still ready: those labels are not routed.
   */
  taxonomy: z.object({
    version: z.string(),
    groups: z
      .object({ checked: z.boolean(), notInAccount: z.array(z.string()), detail: z.string().nullable() })
      .optional(),
  }),
  /** The LLM tier's state: `off` without a key, else what the tier reports (e.g. `ready`, `open-circuit`). */
  llm: z.object({ state: z.string(), detail: z.string().nullable() }),
  /** Tickets in the similar index; with TRIAGE_EMBEDDING_MODEL, how many have a vector and how many wait for one. */
  similar: z.object({
    tickets: z.number().int().min(0),
    embeddings: z
      .object({ model: z.string(), vectors: z.number().int().min(0), pending: z.number().int().min(0) })
      .nullable(),
  }),
});
export type ReadyResponse = z.infer<typeof ReadyResponse>;
