import type { FastifyInstance } from 'fastify';
import { checkMetricsToken } from '../../auth/index.ts';
import type { ReadyResponse } from '../../../src/contract/index.ts';
import { errorCode } from '../../../src/errors/index.ts';
import { labelGap } from '../../runtime/label-gap.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import type { ApiMetrics } from '../metrics.ts';

/**
 * /healthz (the process answers), /readyz (database reachable and a model loaded), /metrics (Prometheus text; behind
 * `metricsToken` when one is set).
 */
export async function healthRoutes(
  app: FastifyInstance,
  options: { runtime: Runtime; metrics: ApiMetrics; metricsToken: string | null },
): Promise<void> {
  const { runtime, metrics, metricsToken } = options;

  app.get('/healthz', async () => ({ ok: true }));

  app.get('/readyz', async (_request, reply): Promise<ReadyResponse> => {
    let database: ReadyResponse['database'] = { ok: true, engine: runtime.database.engine, detail: null };
    try {
      await runtime.database.ping();
    } catch (error) {
      database = { ok: false, engine: runtime.database.engine, detail: errorCode(error) ?? 'DATABASE_UNAVAILABLE' };
    }
    const model = runtime.model.current();
    const taxonomy = runtime.taxonomy.current();
    // A label gap, even a total one, leaves the instance ready: it still answers (rules, LLM tier, review) and serves
    // the admin routes that close the gap; failing it would take every instance out at once (they share the model).
    const gap = model ? labelGap(model, taxonomy) : null;
    const ready = database.ok && model !== null;
    reply.status(ready ? 200 : 503);
    return {
      ready,
      database,
      model: {
        ok: model !== null,
        version: model?.version ?? null,
        labelsNotInTaxonomy: gap?.labels ?? [],
        detail: gap?.detail ?? null,
      },
      taxonomy: { version: taxonomy.version },
      llm: runtime.llm
        ? runtime.llm.status()
        : { state: 'off', detail: 'no OPENAI_API_KEY / OPENAI_BASE_URL configured' },
      similar: { tickets: runtime.similar.size(), embeddings: runtime.similar.embeddingStatus() },
    };
  });

  const onRequest = async (request: { headers: { authorization?: string } }) => {
    if (metricsToken !== null) checkMetricsToken(request.headers.authorization, metricsToken);
  };
  app.get('/metrics', { onRequest }, async (_request, reply) => {
    metrics.setRuntimeState(runtime);
    reply.header('content-type', metrics.contentType);
    return metrics.text();
  });
}
