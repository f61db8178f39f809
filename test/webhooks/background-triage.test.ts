import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody, WebhookAck } from '../../src/contract/index.ts';
import { InstallationNotFoundError } from '../../server/installations/index.ts';
import { startWorker, type Worker } from '../../server/jobs/index.ts';
import {
  UpdateConflictError,
  type TicketUpdate,
  type ZendeskComment,
  type ZendeskTicket,
  type ZendeskTickets,
} from '../../server/zendesk/index.ts';
import type { Runtime, RuntimeFor } from '../../server/runtime/runtime.ts';
import { signDelivery, ticketJobHandler, webhookIntake, ZENDESK_TICKET_JOB } from '../../server/webhooks/index.ts';
import { startApp, type RunningApp } from '../support/http.ts';
import { testRuntime, type TestRuntime } from '../support/test-runtime.ts';

const SECRET = 'default-webhook-secret-0123456789';
const ACME_SECRET = 'acme-webhook-secret-0123456789ab';

/** Zendesk's ticket API in memory: safe updates refused on a stale stamp, every call recorded. */
class FakeZendesk implements ZendeskTickets {
  readonly tickets = new Map<string, ZendeskTicket>();
  readonly reads: string[] = [];
  readonly updates: { id: string; update: TicketUpdate; outcome: 'applied' | 'conflict' }[] = [];
  /** Runs once before the next update is looked at: an agent editing the ticket between our read and our write. */
  beforeNextUpdate: ((ticket: ZendeskTicket) => ZendeskTicket) | null = null;
  #stamp = 0;

  add(ticket: Partial<ZendeskTicket> & { id: number }): void {
    this.tickets.set(String(ticket.id), {
      subject: 'Invoice is wrong',
      description: 'The invoice for November charges us twice.',
      tags: ['vip_customer'],
      priority: null,
      type: null,
      status: 'new',
      requester_id: 1,
      created_at: '2026-12-07T09:00:00Z',
      updated_at: this.#nextStamp(),
      ...ticket,
    });
  }
  #nextStamp(): string {
    return new Date(Date.UTC(2026, 11, 7, 10, 0, this.#stamp++)).toISOString();
  }
  async getTicket(ticketId: number): Promise<ZendeskTicket> {
    const id = String(ticketId);
    this.reads.push(id);
    const ticket = this.tickets.get(id);
    if (!ticket) throw Object.assign(new Error('RecordNotFound'), { status: 404 });
    return structuredClone(ticket);
  }
  async ticketComments(ticketId: number): Promise<ZendeskComment[]> {
    const ticket = this.tickets.get(String(ticketId))!;
    const created_at = '2026-12-07T09:00:00Z';
    return [
      { id: 1, author_id: 1, body: ticket.description ?? '', public: true, created_at },
      { id: 2, author_id: 2, body: 'We are looking into the invoice.', public: true, created_at },
    ];
  }
  async updateTicket(ticketId: number, update: TicketUpdate): Promise<ZendeskTicket> {
    const id = String(ticketId);
    if (this.beforeNextUpdate) {
      this.tickets.set(id, { ...this.beforeNextUpdate(this.tickets.get(id)!), updated_at: this.#nextStamp() });
      this.beforeNextUpdate = null;
    }
    const ticket = this.tickets.get(id)!;
    if (update.safe_update && update.updated_stamp !== ticket.updated_at) {
      this.updates.push({ id, update, outcome: 'conflict' });
      throw new UpdateConflictError(ticketId, { zendeskError: null, description: null });
    }
    this.updates.push({ id, update, outcome: 'applied' });
    const updated = {
      ...ticket,
      tags: [...new Set([...ticket.tags, ...(update.additional_tags ?? [])])],
      priority: update.priority ?? ticket.priority ?? null,
      type: update.type ?? ticket.type ?? null,
      updated_at: this.#nextStamp(),
    };
    this.tickets.set(id, updated);
    return structuredClone(updated);
  }
}

let runtime: TestRuntime;
let server: RunningApp;
let zendesk: FakeZendesk;
let writeBack = true;
const workers: Worker[] = [];
let sequence = 0;

const runtimeFor: RuntimeFor = async (installation) => ({
  runtime: { ...(runtime as Runtime), installation, store: runtime.store.forInstallation(installation) },
  release: () => undefined,
});

function work(): Worker {
  const worker = startWorker(
    runtime.store,
    {
      [ZENDESK_TICKET_JOB]: ticketJobHandler({ runtimeFor, zendeskFor: () => zendesk, writeBack: () => writeBack }),
    },
    { workerId: `w-${workers.length}`, pollMs: 5 },
  );
  workers.push(worker);
  return worker;
}

beforeAll(async () => {
  runtime = testRuntime();
  const registry = {
    async webhookSecret(subdomain: string) {
      if (subdomain === 'acme') return { id: 'inst_acme', secret: ACME_SECRET };
      if (subdomain === 'nosecret') return { id: 'inst_nosecret', secret: null };
      throw new InstallationNotFoundError(subdomain);
    },
  };
  server = await startApp(runtime, {
    webhooks: webhookIntake({ store: runtime.store, defaultSecret: SECRET, registry }),
  });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  writeBack = true;
});
afterAll(async () => {
  await server.close();
});

function event(ticketId: number, type = 'zen:event-type:ticket.created', id = `evt-${++sequence}`) {
  return {
    type,
    account_id: 88888888,
    id,
    time: '2026-12-07T10:00:00Z',
    subject: `zen:ticket:${ticketId}`,
    detail: { id: String(ticketId) },
  };
}

async function deliver(
  payload: unknown,
  options: { secret?: string; timestamp?: string; path?: string; signature?: string | null } = {},
): Promise<Response> {
  const body = JSON.stringify(payload);
  const timestamp = options.timestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-zendesk-webhook-signature-timestamp': timestamp,
  };
  const signature =
    options.signature === undefined ? signDelivery(options.secret ?? SECRET, timestamp, body) : options.signature;
  if (signature !== null) headers['x-zendesk-webhook-signature'] = signature;
  return fetch(`${server.base}${options.path ?? '/v1/webhooks/zendesk'}`, { method: 'POST', headers, body });
}

async function queued(response: Response): Promise<string> {
  expect(response.status).toBe(202);
  const ack = WebhookAck.parse(await response.json());
  expect(ack.status).toBe('queued');
  return ack.jobId!;
}

async function finished(jobId: string, installation = 'default'): Promise<void> {
  const store = runtime.store.forInstallation(installation);
  for (let i = 0; i < 400; i++) {
    const job = await store.getJob(jobId);
    if (job?.status === 'done') return;
    if (job?.status === 'failed') throw new Error(`job failed: ${job.lastError}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('job did not finish');
}

async function expectRefused(response: Response): Promise<void> {
  expect(response.status).toBe(401);
  expect(ErrorBody.parse(await response.json()).error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
}

/** The one stored result of a ticket. */
function resultOf(ticketId: string) {
  const results = [...runtime.store.results.values()].filter((result) => result.ticketId === ticketId);
  expect(results).toHaveLength(1);
  return results[0]!;
}

const jobCount = () => runtime.store.callsTo('enqueueEventJob').length;

describe('POST /v1/webhooks/zendesk → background triage → write-back', () => {
  it('writes one safe update with additional_tags, the decision and band tags and the stamp it read', async () => {
    zendesk = new FakeZendesk();
    zendesk.add({ id: 101 });
    const stamp = zendesk.tickets.get('101')!.updated_at;
    work();
    await finished(await queued(await deliver(event(101))));
    expect(zendesk.updates).toHaveLength(1);
    const { update } = zendesk.updates[0]!;
    expect(update).not.toHaveProperty('tags');
    expect(update).toMatchObject({
      safe_update: true,
      updated_stamp: stamp,
      type: 'incident' === update.type ? 'incident' : update.type,
    });
    expect(update.additional_tags).toEqual(expect.arrayContaining(['triage_auto', 'triage_confidence_high']));
    const stored = resultOf('101');
    expect(stored.decision).toBe('auto');
    expect(update.additional_tags).toContain('invoice');
    expect(update.additional_tags).toEqual(expect.arrayContaining(stored.tags));
    expect(update.priority).toBe(stored.urgency.priority);
    expect(update.type).toBe(stored.ticketType);
    // The agent's own tag is still there: only tags were added.
    expect(zendesk.tickets.get('101')!.tags).toEqual(expect.arrayContaining(['vip_customer', 'triage_auto']));
  });

  it('keeps the priority and type an agent set, and adds only the decision, band and language for a draft', async () => {
    zendesk = new FakeZendesk();
    zendesk.add({ id: 102, priority: 'urgent', type: 'question' });
    zendesk.add({ id: 103, subject: 'How to export', description: 'How do I export my data?' });
    const draftStamp = zendesk.tickets.get('103')!.updated_at;
    work();
    await finished(await queued(await deliver(event(102))));
    await finished(await queued(await deliver(event(103))));
    const [auto, draft] = zendesk.updates.map((entry) => entry.update);
    expect(auto).not.toHaveProperty('priority');
    expect(auto).not.toHaveProperty('type');
    expect(zendesk.tickets.get('102')).toMatchObject({ priority: 'urgent', type: 'question' });
    expect(draft).toEqual({
      additional_tags: ['triage_draft', 'triage_confidence_medium', 'triage_lang_en'],
      safe_update: true,
      updated_stamp: draftStamp,
    });
  });

  it('re-reads and retries after a 409; the agent’s change meanwhile survives', async () => {
    zendesk = new FakeZendesk();
    zendesk.add({ id: 104 });
    zendesk.beforeNextUpdate = (ticket) => ({ ...ticket, priority: 'low', tags: [...ticket.tags, 'agent_tag'] });
    work();
    await finished(await queued(await deliver(event(104))));
    expect(zendesk.updates.map((entry) => entry.outcome)).toEqual(['conflict', 'applied']);
    expect(zendesk.reads).toEqual(['104', '104']);
    const retried = zendesk.updates[1]!.update;
    expect(retried.updated_stamp).not.toBe(zendesk.updates[0]!.update.updated_stamp);
    expect(retried).not.toHaveProperty('priority');
    expect(zendesk.tickets.get('104')).toMatchObject({ priority: 'low' });
    expect(zendesk.tickets.get('104')!.tags).toEqual(
      expect.arrayContaining(['vip_customer', 'agent_tag', 'triage_auto']),
    );
  });

  it.each([
    ['a bad signature', { signature: 'AAAA' }],
    ['no signature', { signature: null }],
    ['another secret', { secret: 'not-the-webhook-secret-0123456' }],
    ['a timestamp 6 minutes old', { timestamp: new Date(Date.now() - 6 * 60_000).toISOString() }],
  ])('refuses %s with 401 WEBHOOK_SIGNATURE_INVALID and enqueues nothing', async (_name, options) => {
    zendesk = new FakeZendesk();
    zendesk.add({ id: 105 });
    const before = jobCount();
    await expectRefused(await deliver(event(105), options));
    expect(jobCount()).toBe(before);
    expect(zendesk.reads).toEqual([]);
  });

  it('answers a replayed event, before or after its job ran, without a second job or write', async () => {
    zendesk = new FakeZendesk();
    zendesk.add({ id: 106 });
    const payload = event(106);
    const jobId = await queued(await deliver(payload));
    const again = await deliver(payload);
    expect(again.status).toBe(200);
    expect(WebhookAck.parse(await again.json())).toEqual({ status: 'duplicate', jobId: null });
    work();
    await finished(jobId);
    expect(WebhookAck.parse(await (await deliver(payload)).json()).status).toBe('duplicate');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(zendesk.updates).toHaveLength(1);
  });

  it('writes once after a crash between the acknowledgement and the write-back', async () => {
    zendesk = new FakeZendesk();
    zendesk.add({ id: 107 });
    // No worker runs: the process "died" after answering 202. The job is in the store, not in memory.
    const jobId = await queued(await deliver(event(107)));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(zendesk.updates).toEqual([]);
    expect((await runtime.store.getJob(jobId))?.status).toBe('pending');
    work();
    await finished(jobId);
    expect(zendesk.updates).toHaveLength(1);
  });

  it('re-triages on a new comment with the conversation read', async () => {
    zendesk = new FakeZendesk();
    zendesk.add({ id: 108 });
    work();
    await finished(await queued(await deliver(event(108, 'zen:event-type:ticket.comment_added'))));
    expect(zendesk.updates).toHaveLength(1);
  });

  it('stores the result but writes nothing in a dry run', async () => {
    zendesk = new FakeZendesk();
    zendesk.add({ id: 109 });
    writeBack = false;
    work();
    await finished(await queued(await deliver(event(109))));
    expect(resultOf('109').decision).toBe('auto');
    expect(zendesk.updates).toEqual([]);
  });

  it('answers 200 ignored to an event type it does not handle, and 400 to a signed body that is no event', async () => {
    const before = jobCount();
    const ignored = await deliver({ type: 'zen:event-type:user.created', id: 'u-1', detail: { id: '5' } });
    expect(ignored.status).toBe(200);
    expect(WebhookAck.parse(await ignored.json())).toEqual({ status: 'ignored', jobId: null });
    const invalid = await deliver({ type: 'zen:event-type:ticket.created', id: 'x', detail: { id: 'abc' } });
    expect(invalid.status).toBe(400);
    expect(ErrorBody.parse(await invalid.json()).error.code).toBe('VALIDATION_FAILED');
    expect(jobCount()).toBe(before);
  });

  it('verifies a registered installation’s URL with its own secret and queues the job in that installation', async () => {
    zendesk = new FakeZendesk();
    zendesk.add({ id: 110 });
    await expectRefused(await deliver(event(110), { path: '/v1/webhooks/zendesk/acme' }));
    await expectRefused(await deliver(event(110), { path: '/v1/webhooks/zendesk/unknown', secret: ACME_SECRET }));
    await expectRefused(await deliver(event(110), { path: '/v1/webhooks/zendesk/nosecret' }));
    const jobId = await queued(await deliver(event(110), { path: '/v1/webhooks/zendesk/acme', secret: ACME_SECRET }));
    expect(await runtime.store.getJob(jobId)).toBeNull();
    expect(await runtime.store.forInstallation('inst_acme').getJob(jobId)).toMatchObject({ installation: 'inst_acme' });
    work();
    await finished(jobId, 'inst_acme');
    expect(zendesk.updates).toHaveLength(1);
  });
});
