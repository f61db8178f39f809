import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ticket, TriageResult, type TicketInput } from '../../src/contract/index.ts';
import { createLocalClassifier, trainModel } from '../../src/model/index.ts';
import { parseTaxonomy, validateTaxonomy } from '../../src/taxonomy/index.ts';
import { MULTILINGUAL_ROWS } from '../model/multilingual-rows.ts';
import type { Classification, Classifier, ClassifierInput } from '../../src/classifier/index.ts';
import {
  modelText,
  NO_MODEL_VERSION,
  prepareTicket,
  triageTicket,
  type SimilarLookupQuery,
  type TriageDeps,
} from '../../src/triage/index.ts';

const taxonomy = parseTaxonomy(readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8'));

class RecordingClassifier implements Classifier {
  readonly calls: ClassifierInput[] = [];
  constructor(
    readonly id: string,
    private readonly answer: Partial<Classification> | Error,
  ) {}
  async classify(input: ClassifierInput): Promise<Classification> {
    this.calls.push(input);
    if (this.answer instanceof Error) throw this.answer;
    return {
      source: 'model',
      label: 'how_to',
      confidence: 0.5,
      alternatives: [],
      urgency: null,
      urgencyConfidence: 0.5,
      tags: null,
      summary: null,
      reason: 'model evidence',
      cost: null,
      version: this.id,
      ...this.answer,
    };
  }
}

class LlmDown extends Error {
  readonly code = 'llm_timeout';
}

const pii = { email: 'jane.roe@example.com', card: '4111 1111 1111 1111', phone: '+1 202-555-0143' };
const ticket = (input: Partial<TicketInput> = {}): Ticket =>
  Ticket.parse({
    id: 't-1',
    subject: 'Question about reports',
    description: `Hi, I am Jane Roe (${pii.email}, ${pii.phone}). My card ${pii.card} was used. How do I export a report?`,
    requester: { name: 'Jane Roe', email: pii.email },
    ...input,
  });

function deps(local: Classifier | null, extra: Partial<TriageDeps> = {}): TriageDeps {
  return {
    taxonomy,
    local,
    now: () => new Date('2026-11-23T08:00:00Z'),
    versions: { model: 'm1', prompt: 'p1' },
    ...extra,
  };
}

function seen(classifier: RecordingClassifier): string {
  return JSON.stringify(classifier.calls);
}

describe('triageTicket', () => {
  it('returns a contract-valid result and never shows planted PII to the classifier', async () => {
    const local = new RecordingClassifier('local', { label: 'how_to', confidence: 0.93 });
    const result = TriageResult.parse(await triageTicket(ticket(), deps(local)));
    expect(result).toMatchObject({
      ticketId: 't-1',
      decision: 'auto',
      label: { name: 'how_to', source: 'model' },
      ticketType: 'question',
      tier: { llm: 'off' },
    });
    for (const value of [...Object.values(pii), 'Jane Roe']) expect(seen(local)).not.toContain(value);
    expect(result.redaction.total).toBeGreaterThan(0);
    expect(result.textHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['en', 'Question about reports', 'How do I export a report of all tickets from last month?'],
    ['de', 'Frage zu Berichten', 'Wie kann ich einen Bericht aller Tickets des letzten Monats exportieren?'],
    ['fr', 'Question sur les rapports', 'Comment exporter un rapport de tous les tickets du mois dernier ?'],
  ])('names the language the requester wrote in (%s)', async (language, subject, description) => {
    const local = new RecordingClassifier('local', { label: 'how_to', confidence: 0.7 });
    const result = TriageResult.parse(await triageTicket(ticket({ subject, description }), deps(local)));
    expect(result.language).toBe(language);
  });

  it('answers null for the language of a ticket too short to tell, and reads only the requester’s words', async () => {
    const local = new RecordingClassifier('local', { label: 'how_to', confidence: 0.7 });
    const short = await triageTicket(ticket({ subject: 'Hi', description: 'Help' }), deps(local));
    expect(short.language).toBeNull();
    // A German ticket stays German whatever language the agent answered in.
    const replied = await triageTicket(
      ticket({
        subject: 'Rechnung doppelt bezahlt',
        description: 'Wir haben die Rechnung für November zweimal bezahlt, bitte erstatten Sie den Betrag.',
        comments: [
          {
            authorRole: 'agent',
            public: true,
            body: 'Thank you for reaching out, we are looking into the invoice and will get back to you shortly.',
          },
        ],
      }),
      deps(local),
    );
    expect(replied.language).toBe('de');
  });

  it("gives the local classifier the taxonomy's keywords, so its evidence never hides one as filler", async () => {
    const local = new RecordingClassifier('local', { label: 'how_to', confidence: 0.7 });
    await triageTicket(ticket(), deps(local));
    expect(local.calls[0]!.keywords).toBe(taxonomy.keywords);
  });

  it('lets a rule force an escalation label, its urgency and tags', async () => {
    const local = new RecordingClassifier('local', { label: 'how_to', confidence: 0.9 });
    const result = await triageTicket(
      ticket({ subject: 'Our account was hacked', description: 'Someone changed the e-mail.' }),
      deps(local),
    );
    expect(result.label).toMatchObject({ name: 'security', source: 'rule', ruleId: 'security_account_takeover' });
    expect(result.urgency).toMatchObject({ level: 'urgent', priority: 'urgent' });
    expect(result.escalation.isEscalation).toBe(true);
  });

  it.each([
    ['off', 0.5, 'off', 0],
    ['uncertain', 0.95, 'skipped', 0],
    ['uncertain', 0.5, 'used', 1],
    ['always', 0.95, 'used', 1],
  ] as const)(
    'with LLM policy %s and local confidence %s marks the tier %s',
    async (policy, confidence, tier, llmCalls) => {
      const local = new RecordingClassifier('local', { label: 'bug', confidence });
      const llm = new RecordingClassifier('llm', {
        source: 'llm',
        label: 'integrations',
        confidence: 0.9,
        summary: 'Webhook question',
      });
      const result = TriageResult.parse(
        await triageTicket(ticket(), deps(local, { llm: { classifier: llm, policy } })),
      );
      expect(result.tier.llm).toBe(tier);
      expect(llm.calls).toHaveLength(llmCalls);
      if (llmCalls > 0) expect(result.label.name).toBe('integrations');
      for (const value of Object.values(pii)) expect(seen(llm)).not.toContain(value);
    },
  );

  it('keeps the local answer for review when the LLM fails', async () => {
    const local = new RecordingClassifier('local', { label: 'bug', confidence: 0.7 });
    const llm = new RecordingClassifier('llm', new LlmDown('boom'));
    const result = TriageResult.parse(
      await triageTicket(ticket(), deps(local, { llm: { classifier: llm, policy: 'uncertain' } })),
    );
    expect(result).toMatchObject({
      decision: 'review',
      label: { name: 'bug' },
      tier: { llm: 'failed', detail: 'llm_timeout' },
      // The local answer alone (0.7) would have been a draft: the failed LLM held it back.
      heldBack: 'llm_failed',
    });
  });

  it('says nothing held a decision back when the thresholds alone decide it', async () => {
    const local = new RecordingClassifier('local', { label: 'billing', confidence: 0.9 });
    const result = TriageResult.parse(await triageTicket(ticket(), deps(local)));
    expect(result).toMatchObject({ decision: 'auto', heldBack: null });
  });

  it('raises urgency from keywords and keeps only vocabulary tags', async () => {
    const local = new RecordingClassifier('local', {
      label: 'billing',
      confidence: 0.9,
      tags: ['refund', 'not_a_tag'],
    });
    const result = await triageTicket(
      ticket({ subject: 'Invoice wrong, need it ASAP', description: 'Please send the invoice.' }),
      deps(local),
    );
    expect(result.urgency.level).toBe('high');
    expect(result.tags).toContain('invoice');
    expect(result.tags).toContain('refund');
    expect(result.tags).not.toContain('not_a_tag');
  });

  it('summarises from the redacted first sentence when there is no subject, within 140 characters', async () => {
    const local = new RecordingClassifier('local', {});
    const result = await triageTicket(
      ticket({ subject: '', description: `Write to ${pii.email} about it. ${'x'.repeat(300)}` }),
      deps(local),
    );
    expect(result.summary).not.toContain(pii.email);
    expect(result.summary.length).toBeLessThanOrEqual(140);
  });

  it('asks for similar tickets with redacted text, excluding the ticket itself', async () => {
    const queries: SimilarLookupQuery[] = [];
    const local = new RecordingClassifier('local', {});
    const hit = { ticketId: 't-9', subject: 'Export', label: 'how_to', status: null, createdAt: null, score: 0.8 };
    const result = await triageTicket(
      ticket(),
      deps(local, { similar: (query) => (queries.push(query), { hits: [hit], link: null }) }),
    );
    expect(result.similar).toEqual([hit]);
    expect(queries[0]?.excludeId).toBe('t-1');
    expect(queries[0]?.text).not.toContain(pii.email);
  });

  it('asks the same lookup for an open escalation to link when the decided label is one, and links what it finds', async () => {
    const link = { ticketId: 'o-7', score: 0.7 };
    const queries: SimilarLookupQuery[] = [];
    const lookup = (query: SimilarLookupQuery) => (queries.push(query), { hits: [], link });
    const outage = await triageTicket(
      ticket(),
      deps(new RecordingClassifier('local', { label: 'outage', confidence: 0.9 }), { similar: lookup }),
    );
    expect(queries[0]?.escalation).toEqual({ label: 'outage', threshold: taxonomy.thresholds.escalationLink });
    expect(outage.escalation).toEqual({ isEscalation: true, linkedTo: link });
    // Not an escalation: no link is asked for, and none is attached whatever the lookup says.
    const howTo = await triageTicket(
      ticket(),
      deps(new RecordingClassifier('local', { label: 'how_to', confidence: 0.9 }), { similar: lookup }),
    );
    expect(queries[1]?.escalation).toBeNull();
    expect(howTo.escalation).toEqual({ isEscalation: false, linkedTo: null });
  });

  it("attaches only similar tickets at or above the taxonomy's similar threshold", async () => {
    const local = new RecordingClassifier('local', {});
    const hit = (ticketId: string, score: number) => ({
      ticketId,
      subject: 'Export',
      label: 'how_to',
      status: null,
      createdAt: null,
      score,
    });
    const hits = [hit('close', 0.8), hit('edge', taxonomy.thresholds.similar), hit('weak', 0.16)];
    const result = await triageTicket(ticket(), deps(local, { similar: () => ({ hits, link: null }) }));
    expect(taxonomy.thresholds.similar).toBe(0.25);
    expect(result.similar.map((similar) => similar.ticketId)).toEqual(['close', 'edge']);
  });

  it('gives the same hash for whitespace-only edits and a new hash for new text', async () => {
    const local = new RecordingClassifier('local', {});
    const a = await triageTicket(ticket({ subject: 'Hello  world' }), deps(local));
    const b = await triageTicket(ticket({ subject: 'Hello world ' }), deps(local));
    const c = await triageTicket(ticket({ subject: 'Hello there' }), deps(local));
    expect(a.textHash).toBe(b.textHash);
    expect(a.textHash).not.toBe(c.textHash);
  });

  it('uses the caller’s prepared (hashed and redacted) ticket instead of redacting again', async () => {
    const original = ticket();
    const prepared = await prepareTicket(original);
    expect(prepared.redacted.description).not.toContain(pii.email);
    const marked = { ...prepared, text: `${prepared.text} PREPARED-MARK` };
    const local = new RecordingClassifier('local', { label: 'how_to', confidence: 0.93 });
    const result = await triageTicket(original, deps(local, { prepared: marked }));
    expect(local.calls[0]?.text).toContain('PREPARED-MARK');
    expect(result.textHash).toBe(prepared.hash);
    expect(result.redaction).toEqual(prepared.redaction);
  });
});

describe('triageTicket without a local model (a new installation)', () => {
  it("gives a rule's label with its urgency, decided review, and says no model is trained yet", async () => {
    const result = TriageResult.parse(
      await triageTicket(
        ticket({ subject: 'Our account was hacked', description: 'Someone changed the e-mail.' }),
        deps(null),
      ),
    );
    expect(result).toMatchObject({
      label: { name: 'security', source: 'rule', ruleId: 'security_account_takeover' },
      urgency: { level: 'urgent', source: 'rule' },
      decision: 'review',
      escalation: { isEscalation: true },
      versions: { model: NO_MODEL_VERSION },
    });
    expect(result.label.reason).toContain('no local model is trained for this installation yet');
  });

  it('with no rule and no LLM, suggests no label and sends the ticket to review with the reason', async () => {
    const result = TriageResult.parse(await triageTicket(ticket(), deps(null)));
    expect(result).toMatchObject({
      label: { name: 'unclassified', source: 'none', confidence: 0 },
      urgency: { source: 'none' },
      decision: 'review',
      tier: { llm: 'off' },
      versions: { model: NO_MODEL_VERSION },
    });
    expect(result.label.reason).toContain('no local model is trained for this installation yet');
  });

  it('asks the LLM (policy uncertain) and gives its label, still review, never draft or auto', async () => {
    const llm = new RecordingClassifier('llm', { source: 'llm', label: 'how_to', confidence: 0.99, summary: 'Export' });
    const result = TriageResult.parse(
      await triageTicket(ticket(), deps(null, { llm: { classifier: llm, policy: 'uncertain' } })),
    );
    expect(llm.calls).toHaveLength(1);
    expect(result).toMatchObject({
      label: { name: 'how_to', source: 'llm', confidence: 0.99 },
      decision: 'review',
      tier: { llm: 'used' },
      summary: 'Export',
    });
    expect(result.label.reason).toContain('no local model is trained for this installation yet');
  });
});

describe('prepareTicket', () => {
  it('takes the hash the caller already has and gives the model text of the redacted part', async () => {
    const original = ticket();
    const hashed = await prepareTicket(original);
    const given = await prepareTicket(original, { hash: 'caller-hash' });
    expect(given.hash).toBe('caller-hash');
    expect(given.redacted).toEqual(hashed.redacted);
    expect(given.text).toBe(modelText(given.redacted));
    expect(given.text).not.toContain(pii.email);
  });
});

describe('triageTicket after a label was removed from the taxonomy', () => {
  // The serving model was trained when the taxonomy still had "billing"; the admin has since removed it.
  const model = trainModel(MULTILINGUAL_ROWS, {
    seed: 5,
    now: new Date('2026-11-23T10:00:00Z'),
    version: 'before-removal',
  });
  const local = createLocalClassifier(model);
  const withoutBilling = validateTaxonomy({
    version: `${taxonomy.version}-no-billing`,
    labels: taxonomy.labels.filter((label) => label.id !== 'billing'),
    urgency: taxonomy.urgency,
    tags: taxonomy.tags,
    rules: taxonomy.rules.filter((rule) => rule.label !== 'billing'),
    thresholds: taxonomy.thresholds,
  });
  const billingTicket = ticket({
    subject: 'Refund',
    description: 'Please refund the duplicate charge on my invoice, I was charged twice.',
  });

  it('answers the best label the taxonomy still has, with alternatives from it, and never applies it', async () => {
    const before = await triageTicket(billingTicket, deps(local));
    expect(before.label.name).toBe('billing');
    const result = TriageResult.parse(await triageTicket(billingTicket, deps(local, { taxonomy: withoutBilling })));
    expect(withoutBilling.labelById.has(result.label.name)).toBe(true);
    for (const alternative of result.alternatives)
      expect(withoutBilling.labelById.has(alternative.label), alternative.label).toBe(true);
    expect(result.label.confidence).toBeLessThan(before.label.confidence);
    expect(result.decision).not.toBe('auto');
    expect(result.label.reason).toContain('"billing" is no longer in the taxonomy');
    expect(result.versions.taxonomy).toBe(withoutBilling.version);
  });

  it('leaves the label, confidence and decision of a ticket the model gives a remaining label as they were', async () => {
    const login = ticket({ subject: 'Login', description: 'I forgot my password and cannot log in to my account' });
    const before = await triageTicket(login, deps(local));
    const after = await triageTicket(login, deps(local, { taxonomy: withoutBilling }));
    // The reason (and its evidence) may name other words: it sets the label apart from the runner-up the taxonomy still has.
    expect({ ...after.label, reason: null, evidence: null }).toEqual({ ...before.label, reason: null, evidence: null });
    expect(after.label.reason).not.toContain('no longer in the taxonomy');
    expect(after.decision).toBe(before.decision);
  });
});
