// @vitest-environment jsdom
import './support/dom-setup.ts';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TriageResult } from '../../src/contract/index.ts';
import { backend, errorReply, taxonomyView, triageResult } from './support/fixtures.ts';
import { labelPicker, offeredLabels, pickLabel } from './support/label-picker.ts';
import { postedFeedback, renderSidebar } from './support/render-sidebar.tsx';

afterEach(() => cleanup());

/** The model leans to Fraud (an escalation label) but is below the review threshold, and no rule fired. */
const unsureFraud: Partial<TriageResult> = {
  label: {
    name: 'fraud',
    confidence: 0.41,
    source: 'model',
    reason: 'words like "charge"',
    ruleId: null,
    evidence: null,
  },
  alternatives: [{ label: 'billing', confidence: 0.33 }],
  urgency: { level: 'urgent', priority: 'urgent', confidence: 0.4, source: 'model' },
  ticketType: 'incident',
  decision: 'review',
  escalation: { isEscalation: true, linkedTo: null },
};

async function shown(overrides: Partial<TriageResult>) {
  const rendered = await renderSidebar({
    request: backend({
      triage: async () => triageResult(overrides),
      taxonomy: async () => taxonomyView,
      feedback: async () => ({ id: 'f1', duplicate: false }),
    }),
  });
  await screen.findByRole('heading', { level: 2 });
  // The taxonomy (for band names and the correction list) arrives beside the triage.
  await screen.findByText(/confidence ·/);
  return rendered;
}

/** Garden paints a primary button; a secondary one is transparent. */
const isPrimary = (name: string) =>
  getComputedStyle(screen.getByRole('button', { name })).backgroundColor !== 'rgba(0, 0, 0, 0)';

/** Garden's red hues (danger, red 600–800): strong red, little green or blue. */
function isRed(color: string): boolean {
  const [r = 0, g = 0, b = 0] = (color.match(/\d+/g) ?? []).map(Number);
  return r > 150 && g < 110 && b < 110;
}
const redTags = () =>
  [...document.querySelectorAll<HTMLElement>('[data-garden-id="tags.tag_view"]')]
    .filter((tag) => isRed(getComputedStyle(tag).backgroundColor))
    .map((tag) => tag.textContent);

describe('below the review threshold nothing alarms', () => {
  it('an unsure escalation says "possible" and asks for review: no red banner, no red badge, Accept not primary', async () => {
    await shown(unsureFraud);
    const note = screen.getByTestId('possible-escalation');
    expect(within(note).getByText('Possible escalation: Fraud — needs review')).toBeTruthy();
    expect(within(note).getByText(/The model is unsure/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText('Escalation: Fraud')).toBeNull();
    expect(screen.getByText('Low confidence · 41%').getAttribute('data-band')).toBe('low');
    // The priority still reads Urgent, without its red.
    expect(screen.getByText('Urgent')).toBeTruthy();
    expect(redTags()).toEqual([]);
    expect(isPrimary('Accept')).toBe(false);
    expect(screen.getByText('Unsure: please review and choose the label.')).toBeTruthy();
  });

  it.each([
    ['a draft', { decision: 'draft' as const, label: { ...unsureFraud.label!, confidence: 0.7 } }],
    [
      'a keyword rule, even without a model (decision review)',
      {
        decision: 'review' as const,
        label: {
          name: 'fraud',
          confidence: 0.9,
          source: 'rule' as const,
          reason: 'rule matched',
          ruleId: 'fraud_rule',
          evidence: null,
        },
      },
    ],
  ])('alarms for %s: red escalation banner, red urgent badge, Accept primary', async (_case, overrides) => {
    await shown({ ...unsureFraud, ...overrides });
    expect(within(screen.getByRole('alert')).getByText('Escalation: Fraud')).toBeTruthy();
    expect(screen.queryByTestId('possible-escalation')).toBeNull();
    expect(redTags()).toEqual(['Urgent']);
    expect(isPrimary('Accept')).toBe(true);
  });

  it('an unsure non-escalation label shows no banner at all, and a grey Review decision', async () => {
    await shown({ label: { ...triageResult().label, confidence: 0.45 }, decision: 'review' });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByTestId('possible-escalation')).toBeNull();
    expect(redTags()).toEqual([]);
    expect(isPrimary('Accept')).toBe(false);
  });
});

describe('the confidence badge reads its level at a glance', () => {
  it.each([
    [0.92, 'High confidence · 92%', 'high'],
    [0.85, 'High confidence · 85%', 'high'],
    [0.7, 'Medium confidence · 70%', 'medium'],
    [0.6, 'Medium confidence · 60%', 'medium'],
    [0.59, 'Low confidence · 59%', 'low'],
  ])('confidence %s reads “%s” (bands from the taxonomy thresholds 0.85 / 0.6)', async (confidence, text, band) => {
    // Decided auto: the decision does not cap the band here (see the next block).
    await shown({ label: { ...triageResult().label, confidence }, decision: 'auto' });
    const badge = screen.getByText(text);
    expect(badge.getAttribute('data-band')).toBe(band);
    // Colour as well as words: green, yellow, and a neutral grey for low.
    const background = getComputedStyle(badge).backgroundColor;
    expect(isRed(background)).toBe(false);
    if (band === 'high') expect(background).not.toBe(getComputedStyle(screen.getByText('Local model')).backgroundColor);
  });
});

describe('the confidence badge heeds the decision, as the written tag does', () => {
  it.each([
    ['review', 'Low confidence · 95%', 'low'],
    ['draft', 'Medium confidence · 95%', 'medium'],
  ] as const)('a sure-looking 95 %% decided %s reads “%s”', async (decision, text, band) => {
    // Per-label thresholds or the out-of-scope floor hold back a confident-looking ticket: never "High" then.
    await shown({ label: { ...triageResult().label, confidence: 0.95 }, decision });
    expect(screen.getByText(text).getAttribute('data-band')).toBe(band);
    expect(screen.queryByText(/High confidence/)).toBeNull();
  });
});

describe('a held-back decision says what held it back', () => {
  it.each([
    ['unproven_label', 'draft', 'Not applied on its own: this label has not yet been right often enough'],
    ['out_of_scope', 'review', 'Unlike the tickets the model learnt from: please choose the label.'],
    ['close_call', 'draft', 'A close call between labels: confirm the label before applying it.'],
    ['no_model', 'review', 'No model is trained on your tickets yet, so a person decides.'],
    ['llm_failed', 'review', 'The language model did not answer, so a person decides.'],
  ] as const)('%s: a 95 %% %s explains itself', async (heldBack, decision, text) => {
    await shown({ label: { ...triageResult().label, confidence: 0.95 }, decision, heldBack });
    const note = screen.getByTestId('held-back');
    expect(note.getAttribute('data-held-back')).toBe(heldBack);
    expect(note.textContent).toContain(text);
  });

  it('says nothing when nothing held the decision back, nor after a correction', async () => {
    await shown({ heldBack: null });
    expect(screen.queryByTestId('held-back')).toBeNull();
    cleanup();
    await shown({
      label: { ...triageResult().label, confidence: 0.95 },
      decision: 'draft',
      heldBack: 'unproven_label',
    });
    await pickLabel(labelPicker('Correct label'), 'Fraud', 'fra');
    await screen.findByText('Chosen by a person: type and priority follow it.');
    expect(screen.queryByTestId('held-back')).toBeNull();
  });
});

describe('the why line', () => {
  it("names the model's words in the agent's language, not the server's English sentence", async () => {
    await shown({ label: { ...triageResult().label, reason: 'Local model: "charged"', evidence: ['charged'] } });
    expect(screen.getByText('Why: words like “charged”')).toBeTruthy();
    expect(screen.queryByText(/Local model: /)).toBeNull();
  });
});

describe('the confidence badge before the taxonomy loads', () => {
  it('takes the band from the decision (made from the same thresholds) when the taxonomy cannot be read', async () => {
    await renderSidebar({
      request: backend({
        triage: async () => triageResult({ label: { ...triageResult().label, confidence: 0.78 }, decision: 'draft' }),
        taxonomy: () => errorReply(503, 'DATABASE_UNAVAILABLE'),
      }),
    });
    expect((await screen.findByText('Medium confidence · 78%')).getAttribute('data-band')).toBe('medium');
  });
});

describe('after Correct the whole draft follows the corrected label', () => {
  it('corrected to an escalation label: heading, red banner, type, priority and tags all follow it', async () => {
    const { client } = await shown({});
    expect(screen.queryByRole('alert')).toBeNull();
    await pickLabel(labelPicker('Correct label'), 'Fraud', 'fra');
    await screen.findByText('Corrected to Fraud. Type and priority updated.');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Fraud');
    expect(screen.getByText('Corrected')).toBeTruthy();
    expect(screen.getByText('Suggested was Billing.')).toBeTruthy();
    // A person chose an escalation label: that is an escalation, and it says so in red.
    expect(within(screen.getByRole('alert')).getByText('Escalation: Fraud')).toBeTruthy();
    expect(screen.getByTestId('ticket-type').textContent).toBe('Incident');
    expect(screen.getByText('Urgent')).toBeTruthy();
    expect(screen.queryByText('High')).toBeNull();
    // The tags were suggested for Billing and the correction did not add them.
    expect(screen.getByText(/Suggested for Billing; correcting does not add them/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'refund' })).toBeNull();
    expect(document.querySelector('[data-state="not_added"]')?.textContent).toContain('refund');
    expect(client.invocations('ticket.tags.add')).toEqual([]);
    expect(postedFeedback(client)).toEqual([expect.objectContaining({ kind: 'correct', correctedLabel: 'fraud' })]);
  });

  it('corrected away from an unsure escalation: the "possible" note goes, and the new label’s facts show', async () => {
    await shown(unsureFraud);
    expect(screen.getByTestId('possible-escalation')).toBeTruthy();
    await pickLabel(labelPicker('Correct label'), 'Billing');
    await screen.findByText('Corrected to Billing. Type and priority updated.');
    expect(screen.queryByTestId('possible-escalation')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Billing');
    expect(screen.getByTestId('ticket-type').textContent).toBe('Question');
    expect(screen.getByText('Normal')).toBeTruthy();
    // Correcting again offers the suggested label back, never the one shown.
    expect(await offeredLabels(labelPicker('Correct label'))).toEqual(['Fraud', 'Churn risk', 'Bug']);
  });
});

describe('the correction list is searchable', () => {
  it('filters by name or id, ignoring case and accents, and says when nothing matches', async () => {
    await shown({});
    expect(await offeredLabels(labelPicker('Correct label'), 'RISK')).toEqual(['Churn risk']);
    expect(await offeredLabels(labelPicker('Correct label'), 'churn_')).toEqual(['Churn risk']);
    expect(await offeredLabels(labelPicker('Correct label'), 'fráud')).toEqual(['Fraud']);
    expect(await offeredLabels(labelPicker('Correct label'), 'zzz')).toEqual(['No label matches']);
  });
});
