import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TriageResult } from '../../src/contract/index.ts';
import { labelsNotInTaxonomy } from '../runtime/label-gap.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { TenantDirectoryEvents, TenantDirectoryStats } from '../tenants/index.ts';

/**
 * Prometheus metrics of one app. Labels are route patterns, methods, codes, tiers and versions — never ticket text,
 * query strings or tokens. With several workers (server/cluster) a scrape shows every worker's series, each labelled
 * with its worker.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'triage_http_requests_total',
    help: 'HTTP requests by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'triage_http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly decisions = new Counter({
    name: 'triage_decisions_total',
    help: 'Triage results by the tier that chose the label (rule, model, llm) and the decision (auto, draft, review)',
    labelNames: ['tier', 'decision'] as const,
    registers: [this.registry],
  });
  private readonly reused = new Counter({
    name: 'triage_results_reused_total',
    help: 'Triage requests answered with the stored result (same ticket id and text hash)',
    registers: [this.registry],
  });
  private readonly modelVersion = new Gauge({
    name: 'triage_model_version_info',
    help: 'The serving local model version (value 1)',
    labelNames: ['version'] as const,
    registers: [this.registry],
  });
  private readonly labelsMissing = new Gauge({
    name: 'triage_model_labels_missing_from_taxonomy',
    help: 'Labels the serving model knows that the taxonomy no longer has (0 when it has them all); label ids only',
    registers: [this.registry],
  });
  private readonly labelMissing = new Gauge({
    name: 'triage_model_label_missing_from_taxonomy_info',
    help: 'One series (value 1) per label the serving model knows that the taxonomy no longer has',
    labelNames: ['label'] as const,
    registers: [this.registry],
  });
  private readonly llmCalls = new Counter({
    name: 'triage_llm_calls_total',
    help: 'LLM tier outcomes per triage: used, failed, skipped, off',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly llmTokens = new Counter({
    name: 'triage_llm_tokens_total',
    help: 'LLM tokens by direction (in, out)',
    labelNames: ['direction'] as const,
    registers: [this.registry],
  });
  private readonly llmCost = new Counter({
    name: 'triage_llm_cost_usd_total',
    help: 'LLM cost in US dollars from the configured prices',
    registers: [this.registry],
  });
  private readonly llmRequests = new Counter({
    name: 'triage_llm_requests_total',
    help: 'Calls of the LLM tier by outcome (ok or an LLM_* error code); reached says whether the endpoint was called',
    labelNames: ['outcome', 'reached'] as const,
    registers: [this.registry],
  });
  private readonly llmLatency = new Histogram({
    name: 'triage_llm_request_duration_seconds',
    help: 'Latency of LLM calls that reached the endpoint, retries included',
    labelNames: ['outcome'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly agentVerdicts = new Gauge({
    name: 'triage_agent_feedback_since_model',
    help: 'Agent feedback recorded since the newest model, by kind (accept, reject, correct, like, dislike)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly agreement = new Gauge({
    name: 'triage_agent_agreement_ratio',
    help: 'Share of accepts among accepts, rejections and corrections since the newest model: the live accuracy agents see',
    registers: [this.registry],
  });
  private readonly similarTickets = new Gauge({
    name: 'triage_similar_index_tickets',
    help: "Tickets in this instance's similar-ticket index",
    registers: [this.registry],
  });
  private readonly embeddingVectors = new Gauge({
    name: 'triage_embedding_vectors',
    help: 'Tickets with a stored embedding for the configured model, and tickets still waiting for one',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  private readonly tenantsResident = new Gauge({
    name: 'triage_tenants_resident',
    help: "Installations whose model and similar index this process holds now (all installations' total, no per-installation series)",
    registers: [this.registry],
  });
  private readonly tenantsInUse = new Gauge({
    name: 'triage_tenants_in_use',
    help: 'Resident installations held by a request in flight now (not evicted until it ends)',
    registers: [this.registry],
  });
  private readonly tenantsBytes = new Gauge({
    name: 'triage_tenants_resident_bytes',
    help: "Estimated heap bytes of the resident installations' models and similar indexes",
    registers: [this.registry],
  });
  private readonly tenantsBudget = new Gauge({
    name: 'triage_tenants_budget_bytes',
    help: 'The memory budget for resident installations (TRIAGE_MEMORY_BUDGET_MB)',
    registers: [this.registry],
  });
  private readonly tenantLoads = new Counter({
    name: 'triage_tenant_loads_total',
    help: "Installations' contexts loaded on first use (or again after eviction), by outcome (loaded, failed)",
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly tenantEvictions = new Counter({
    name: 'triage_tenant_evictions_total',
    help: "Installations' contexts dropped to stay within the memory budget (or removed)",
    registers: [this.registry],
  });
  private readonly tenantLoadDuration = new Histogram({
    name: 'triage_tenant_load_duration_seconds',
    help: "Time to load an installation's model and similar index on its first request",
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private tenantStats: (() => TenantDirectoryStats | null) | null = null;
  private servingVersion: string | null = null;
  private missingKey = '';

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'triage_' });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.duration.observe({ method, route }, seconds);
  }

  /** A stored result sent again: it was counted when it was made. */
  observeReusedTriage(): void {
    this.reused.inc();
  }

  observeTriage(result: TriageResult): void {
    this.decisions.inc({ tier: result.label.source, decision: result.decision });
    this.llmCalls.inc({ outcome: result.tier.llm });
    if (result.cost) {
      this.llmTokens.inc({ direction: 'in' }, result.cost.tokensIn);
      this.llmTokens.inc({ direction: 'out' }, result.cost.tokensOut);
      this.llmCost.inc(result.cost.usd);
    }
  }

  /** One LLM call as the tier reports it (server/llm `onCall`): outcome and latency, never text. */
  observeLlmCall(event: { outcome: string; reachedEndpoint: boolean; latencyMs: number }): void {
    this.llmRequests.inc({ outcome: event.outcome, reached: String(event.reachedEndpoint) });
    if (event.reachedEndpoint) this.llmLatency.observe({ outcome: event.outcome }, event.latencyMs / 1000);
  }

  /** The agents' verdicts since the newest model (the retraining check reports them). */
  setAgentFeedback(counts: Readonly<Record<'accept' | 'reject' | 'correct' | 'like' | 'dislike', number>>): void {
    for (const [kind, count] of Object.entries(counts)) this.agentVerdicts.set({ kind }, count);
    const judged = counts.accept + counts.reject + counts.correct;
    if (judged > 0) this.agreement.set(counts.accept / judged);
    else this.agreement.reset();
  }

  /** The similar index and its embeddings as they are now (read at every scrape). */
  /** The gauges read at scrape time: serving model version, its labels the taxonomy lacks, similar-index state. */
  setRuntimeState(runtime: Pick<Runtime, 'model' | 'taxonomy' | 'similar'>): void {
    const serving = runtime.model.current();
    this.setModelVersion(serving?.version ?? null);
    this.setLabelsMissingFromTaxonomy(serving ? labelsNotInTaxonomy(serving, runtime.taxonomy.current()) : []);
    this.setSimilar(runtime.similar.size(), runtime.similar.embeddingStatus());
    const tenants = this.tenantStats?.() ?? null;
    if (tenants) this.setTenantResidency(tenants);
  }

  /** Hooks for a TenantDirectory: loads (count and duration, by outcome) and evictions. */
  tenantEvents(): Required<Pick<TenantDirectoryEvents, 'onLoad' | 'onEvict'>> {
    return {
      onLoad: (seconds, outcome) => {
        this.tenantLoads.inc({ outcome });
        this.tenantLoadDuration.observe({ outcome }, seconds);
      },
      onEvict: () => this.tenantEvictions.inc(),
    };
  }

  /** Reads the directory's residency at every scrape (with the runtime state); null while there is none. */
  trackTenants(stats: () => TenantDirectoryStats | null): void {
    this.tenantStats = stats;
  }

  /** The directory's residency as it is now (read at every scrape): aggregates only. */
  setTenantResidency(stats: TenantDirectoryStats): void {
    this.tenantsResident.set(stats.resident);
    this.tenantsInUse.set(stats.inUse);
    this.tenantsBytes.set(stats.residentBytes);
    this.tenantsBudget.set(stats.budgetBytes);
  }

  setSimilar(tickets: number, embeddings: { vectors: number; pending: number } | null): void {
    this.similarTickets.set(tickets);
    if (embeddings === null) {
      this.embeddingVectors.reset();
      return;
    }
    this.embeddingVectors.set({ state: 'stored' }, embeddings.vectors);
    this.embeddingVectors.set({ state: 'pending' }, embeddings.pending);
  }

  /** The serving model's labels that the taxonomy no longer has (server/runtime/label-gap.ts), read at every scrape. */
  setLabelsMissingFromTaxonomy(missing: readonly string[]): void {
    this.labelsMissing.set(missing.length);
    const key = missing.join('\n');
    if (key === this.missingKey) return;
    this.labelMissing.reset();
    for (const label of missing) this.labelMissing.set({ label }, 1);
    this.missingKey = key;
  }

  setModelVersion(version: string | null): void {
    if (version === this.servingVersion) return;
    this.modelVersion.reset();
    if (version !== null) this.modelVersion.set({ version }, 1);
    this.servingVersion = version;
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
