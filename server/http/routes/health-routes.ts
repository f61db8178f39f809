import type { FastifyInstance } from 'fastify';
import { checkMetricsToken } from '../../auth/index.ts';
import type { ReadyResponse } from '../../../src/contract/index.ts';
import { errorCode } from '../../../src/errors/index.ts';
import { resolveGroups } from '../../../src/routing/index.ts';
import { labelGap } from '../../runtime/label-gap.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import type { GroupsSnapshot } from '../../zendesk/index.ts';
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
    accountGroups?: (() => GroupsSnapshot) | undefined;
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
      taxonomy: { version: taxonomy.version, groups: groupsReport(taxonomy, options.accountGroups) },
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

/**
 * The taxonomy's groups against what is known of the account's list, never waiting on Zendesk (a probe that waited
 * would outlast the orchestrator's timeout during an outage, and an open route would spend the account's API quota):
 * the cache reads a stale or missing list in the background, at most one read at a time, a failure remembered a minute.
 */
function groupsReport(
  taxonomy: { labels: readonly { id: string; group: string | null }[] },
  accountGroups: (() => GroupsSnapshot) | undefined,
): NonNullable<ReadyResponse['taxonomy']['groups']> {
  if (!accountGroups)
    return {
      checked: false,
      notInAccount: [],
      detail: 'no Zendesk credentials (ZENDESK_URL + ZENDESK_EMAIL/ZENDESK_API_TOKEN): group names not checked',
    };
  const known = accountGroups();
  const failure = known.error === null ? null : (errorCode(known.error) ?? 'ZENDESK_GROUPS_UNAVAILABLE');
  if (known.groups === null) return { checked: false, notInAccount: [], detail: failure ?? 'ZENDESK_GROUPS_PENDING' };
  const resolution = resolveGroups(taxonomy, known.groups);
  const notInAccount = [...resolution.unknown, ...resolution.ambiguous];
  const missing =
    notInAccount.length === 0
      ? null
      : `the taxonomy names ${notInAccount.length === 1 ? 'a group' : 'groups'} the Zendesk account does not have (or has twice): their labels are not routed; create the group or fix the name in the taxonomy`;
  const stale =
    failure === null || known.readAt === null
      ? null
      : `${failure}: the last read failed; the groups are those read at ${new Date(known.readAt).toISOString()}`;
  return { checked: true, notInAccount, detail: [missing, stale].filter((part) => part !== null).join('. ') || null };
}
