import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import { z } from 'zod';

/** The worker's slot (0 … N-1), set by the primary: restarted workers keep their slot, not their cluster id. */
export const SLOT_ENV = 'TRIAGE_CLUSTER_SLOT';

export type WorkerMetrics = MetricObjectWithValues<MetricValue<string>>[];

/** Primary → worker: finish in-flight requests and exit, as on SIGTERM. */
export const StopMessage = z.object({ type: z.literal('triage:stop') });
/** Primary → worker: send your registry's metrics as JSON (for one aggregated scrape). */
export const CollectMessage = z.object({ type: z.literal('triage:metrics:collect'), id: z.number() });
/** Worker → primary: the answer to a collect. */
export const CollectedMessage = z.object({
  type: z.literal('triage:metrics:collected'),
  id: z.number(),
  // prom-client's getMetricsAsJSON() output: AggregatorRegistry.aggregate reads name, type, aggregator and values.
  metrics: z.array(
    z.looseObject({
      name: z.string(),
      help: z.string(),
      type: z.string(),
      aggregator: z.string(),
      values: z.array(z.unknown()),
    }),
  ),
});
/** Worker → primary: a scrape arrived here; aggregate every worker's metrics. */
export const ScrapeMessage = z.object({ type: z.literal('triage:metrics:scrape'), id: z.number() });
/** Primary → worker: the aggregated text, or why there is none. */
export const ScrapedMessage = z.object({
  type: z.literal('triage:metrics:scraped'),
  id: z.number(),
  text: z.string().optional(),
  error: z.string().optional(),
});

export type StopMessage = z.infer<typeof StopMessage>;
export type CollectMessage = z.infer<typeof CollectMessage>;
/** What a worker sends as CollectedMessage: prom-client's JSON as its types describe it. */
export interface CollectedOutgoing {
  readonly type: 'triage:metrics:collected';
  readonly id: number;
  readonly metrics: WorkerMetrics;
}
export type ScrapeMessage = z.infer<typeof ScrapeMessage>;
export type ScrapedMessage = z.infer<typeof ScrapedMessage>;
