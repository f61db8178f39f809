import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabelSource } from '../../src/contract/index.ts';
import type { Taxonomy } from '../../src/taxonomy/index.ts';
import type { Classifier, ClassifierInput } from '../../src/classifier/index.ts';

export interface ContractSubject {
  readonly classifier: Classifier;
  readonly taxonomy: Taxonomy;
  /** Labels the classifier may answer besides the taxonomy's (e.g. a model's out-of-scope class). */
  readonly extraLabels?: readonly string[];
  teardown?(): Promise<void>;
}

function input(text: string): ClassifierInput {
  return Object.freeze({
    ticket: Object.freeze({
      id: 'contract-1',
      subject: '',
      description: text,
      comments: [],
      participants: [],
      tags: [],
    }),
    text,
    examples: Object.freeze([
      Object.freeze({ text: 'The invoice for <ORG_1> shows the wrong VAT number.', label: 'billing' }),
    ]),
  });
}

const TEXTS = [
  'I was charged twice for the same invoice this month, please refund one.',
  'How do I export my reports to CSV?',
  'Our webhooks stopped firing after the API update.',
  'Please add dark mode to the dashboard.',
];

/**
 * What every Classifier promises the pipeline, run against each implementation (the local model,
 * the LLM tier): the same suite, so the hybrid can swap one for the other.
 */
export function classifierContract(name: string, setup: () => Promise<ContractSubject>): void {
  describe(`Classifier contract: ${name}`, () => {
    let subject: ContractSubject;
    beforeAll(async () => {
      subject = await setup();
    });
    afterAll(async () => {
      await subject.teardown?.();
    });

    it.each(TEXTS)('answers a label from the taxonomy for "%s"', async (text) => {
      const result = await subject.classifier.classify(input(text));
      expect([...subject.taxonomy.labelIds, ...(subject.extraLabels ?? [])]).toContain(result.label);
      expect(LabelSource.options).toContain(result.source);
    });

    it('gives confidences in 0..1 and alternatives sorted most likely first, without the label itself', async () => {
      for (const text of TEXTS) {
        const result = await subject.classifier.classify(input(text));
        expect(result.confidence).toBeGreaterThanOrEqual(0);
        expect(result.confidence).toBeLessThanOrEqual(1);
        expect(result.urgencyConfidence).toBeGreaterThanOrEqual(0);
        expect(result.urgencyConfidence).toBeLessThanOrEqual(1);
        const confidences = result.alternatives.map((alternative) => alternative.confidence);
        expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
        for (const alternative of result.alternatives) {
          expect(alternative.confidence).toBeGreaterThanOrEqual(0);
          expect(alternative.confidence).toBeLessThanOrEqual(1);
          expect(alternative.label).not.toBe(result.label);
        }
      }
    });

    it('answers urgency from the taxonomy (or none) and tags from the vocabulary (or none)', async () => {
      const result = await subject.classifier.classify(input(TEXTS[0]!));
      if (result.urgency !== null) expect(subject.taxonomy.urgencyIds).toContain(result.urgency);
      for (const tag of result.tags ?? []) expect(subject.taxonomy.tagIds).toContain(tag);
    });

    it('says why and which version answered', async () => {
      const result = await subject.classifier.classify(input(TEXTS[1]!));
      expect(result.reason.trim().length).toBeGreaterThan(0);
      expect(result.reason.length).toBeLessThanOrEqual(500);
      expect(result.version.trim().length).toBeGreaterThan(0);
      expect(subject.classifier.id.trim().length).toBeGreaterThan(0);
    });

    it('rejects when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      await expect(subject.classifier.classify(input(TEXTS[2]!), controller.signal)).rejects.toBeDefined();
    });

    it('reads a frozen input without changing it', async () => {
      const frozen = input(TEXTS[3]!);
      const before = JSON.stringify(frozen);
      await subject.classifier.classify(frozen);
      expect(JSON.stringify(frozen)).toBe(before);
    });
  });
}
