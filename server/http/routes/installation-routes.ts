import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  FeedbackEvent,
  ReviewQuery,
  SimilarQuery,
  TicketParams,
  TriageRequest,
  type FeedbackResponse,
  type ReviewResponse,
  type SimilarResponse,
  type TaxonomyView,
  type TriageResult,
  type VerdictResponse,
} from '../../../src/contract/index.ts';
import { taxonomyView } from '../../../src/taxonomy/index.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { triageAndStore } from '../../runtime/triage-service.ts';
import { requireMediaType } from '../content-type.ts';
import { NotFoundError, TicketNotFoundError, UnauthorizedError, UnknownLabelError } from '../../errors.ts';
import { checkActor } from '../../auth/index.ts';
import type { ApiMetrics } from '../metrics.ts';
import { parseWith } from '../validate.ts';

const LimitOnly = SimilarQuery.pick({ limit: true });

/** The routes the sidebar and nav bar call (JWT-authenticated, rate-limited by the enclosing plugin). */
export async function installationRoutes(app: FastifyInstance, options: { metrics: ApiMetrics }): Promise<void> {
  const { metrics } = options;
  // Every body these routes take is a JSON contract object; checked before the body is read.
  const jsonOnly = requireMediaType(['application/json'], 'send the body as JSON with content-type: application/json');
  app.addHook('onRequest', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') await jsonOnly(request);
  });

  app.post('/triage', async (request, reply): Promise<TriageResult | string> => {
    const runtime = runtimeOf(request);
    const { ticket } = parseWith(TriageRequest, request.body, 'body');
    const outcome = await triageAndStore(
      runtime,
      ticket,
      request.installation ? { installation: request.installation.id } : {},
    );
    if (outcome.reused) {
      metrics.observeReusedTriage();
      // Stored under this contract (or checked on the way out of the store): sent as stored, not parsed again.
      reply.type('application/json; charset=utf-8');
      return outcome.stored.json;
    }
    metrics.observeTriage(outcome.result);
    return outcome.result;
  });

  app.get('/similar', async (request): Promise<SimilarResponse> => {
    const runtime = runtimeOf(request);
    const query = parseWith(SimilarQuery, request.query, 'query');
    return {
      hits: await runtime.similar.search(query.q, {
        limit: query.limit,
        ...(query.exclude ? { excludeId: query.exclude } : {}),
      }),
    };
  });

  app.get('/tickets/:id/similar', async (request): Promise<SimilarResponse> => {
    const runtime = runtimeOf(request);
    const { id } = parseWith(TicketParams, request.params, 'params', { pathPrefix: 'params' });
    const { limit } = parseWith(LimitOnly, request.query, 'query');
    const ticket = await runtime.store.getTicket(id);
    if (!ticket) throw new NotFoundError('no stored ticket with this id; triage it first');
    return { hits: await runtime.similar.search(ticket.text, { limit, excludeId: id }) };
  });

  // What an agent or reviewer already answered, so a reopened ticket shows it instead of offering Accept again.
  app.get('/tickets/:id/verdict', async (request): Promise<VerdictResponse> => {
    const runtime = runtimeOf(request);
    const { id } = parseWith(TicketParams, request.params, 'params', { pathPrefix: 'params' });
    return { verdict: await runtime.store.latestVerdict(id) };
  });

  app.post('/feedback', async (request, reply): Promise<FeedbackResponse> => {
    const runtime = runtimeOf(request);
    const event = parseWith(FeedbackEvent, request.body, 'body');
    // Refusals before anything is written: who may say they answered, labels that would become training labels,
    // and a ticket this installation holds.
    if (!request.actorGrant) throw new UnauthorizedError();
    checkActor(event.actor, request.actorGrant);
    const unknownLabel = unknownLabelField(event, runtime.taxonomy.current().labelIds);
    if (unknownLabel !== null) throw new UnknownLabelError(unknownLabel);
    if (!(await runtime.store.getTicket(event.ticketId))) throw new TicketNotFoundError('ticketId');
    // Durable before the 2xx: appendFeedback returns only after its transaction commits.
    const saved = await runtime.store.appendFeedback(event);
    reply.status(saved.duplicate ? 200 : 201);
    return { id: saved.id, duplicate: saved.duplicate };
  });

  app.get('/taxonomy', async (request): Promise<TaxonomyView> => taxonomyView(runtimeOf(request).taxonomy.current()));

  app.get('/review', async (request): Promise<ReviewResponse> => {
    const runtime = runtimeOf(request);
    const { limit } = parseWith(ReviewQuery, request.query, 'query');
    const { items, total } = await runtime.store.reviewQueue(limit);
    return { items, total };
  });
}

/** The verified installation's runtime, set by the enclosing plugin before any route runs. */
function runtimeOf(request: FastifyRequest): Runtime {
  if (!request.runtime) throw new UnauthorizedError();
  return request.runtime;
}

/**
 * The field naming a label outside the taxonomy where the event would make it a training label (a correct's
 * correctedLabel, an accept's label), or null. A reject or like may name a suggestion whose label was dropped since.
 */
function unknownLabelField(event: FeedbackEvent, labelIds: readonly string[]): 'correctedLabel' | 'label' | null {
  if (event.kind === 'correct' && event.correctedLabel !== null && !labelIds.includes(event.correctedLabel))
    return 'correctedLabel';
  if (event.kind === 'accept' && !labelIds.includes(event.label)) return 'label';
  return null;
}
