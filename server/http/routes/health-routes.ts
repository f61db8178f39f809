import type { FastifyInstance } from 'fastify';
import { checkMetricsToken } from '../../auth/index.ts';
import type { ReadyResponse } from '../../../src/contract/index.ts';
import { errorCode } from '../../../src/errors/index.ts';
import { resolveGroups, type AccountGroup } from '../../../src/routing/index.ts';
import { labelGap } from '../../runtime/label-gap.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import type { ApiMetrics } from '../metrics.ts';

/**
 * /healthz (the process answers), /readyz (database reachable and a model loaded), /metrics (Prometheus text; behind
 * `metricsToken` when one is set).
 */
export async function healthRoutes(
  app: FastifyInstance,
  options: {
    runtime: Runtime;
    metrics: ApiMetrics;
    metricsToken: string | null;
    accountGroups?: (() => Promise<readonly AccountGroup[]>) | undefined;
  },
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
      taxonomy: { version: taxonomy.version, groups: await groupsReport(taxonomy, options.accountGroups) },
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

/** A probe does not wait on Zendesk: the groups read goes on (and fills the cache) after this. */
const GROUPS_WAIT_MS = 2_000;

/** The taxonomy's groups against the account's (cached) list; unchecked without credentials or an answer in time. */
async function groupsReport(
  taxonomy: { labels: readonly { id: string; group: string | null }[] },
  accountGroups: (() => Promise<readonly AccountGroup[]>) | undefined,
): Promise<NonNullable<ReadyResponse['taxonomy']['groups']>> {
  if (!accountGroups)
    return {
      checked: false,
      notInAccount: [],
      detail: 'no Zendesk credentials (ZENDESK_URL + ZENDESK_EMAIL/ZENDESK_API_TOKEN): group names not checked',
    };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), GROUPS_WAIT_MS);
  });
  try {
    const groups = await Promise.race([accountGroups(), late]);
    if (groups === 'late') return { checked: false, notInAccount: [], detail: 'ZENDESK_GROUPS_PENDING' };
    const resolution = resolveGroups(taxonomy, groups);
    const notInAccount = [...resolution.unknown, ...resolution.ambiguous];
    return {
      checked: true,
      notInAccount,
      detail:
        notInAccount.length === 0
          ? null
          : `the taxonomy names ${notInAccount.length === 1 ? 'a group' : 'groups'} the Zendesk account does not have (or has twice): their labels are not routed; create the group or fix the name in the taxonomy`,
    };
  } catch (error) {
    return { checked: false, notInAccount: [], detail: errorCode(error) ?? 'ZENDESK_GROUPS_UNAVAILABLE' };
  } finally {
    clearTimeout(timer);
  }
}
