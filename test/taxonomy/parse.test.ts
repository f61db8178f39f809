import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTaxonomy, TaxonomyError, suggestionVocabulary, taxonomyView } from '../../src/taxonomy/index.ts';

const defaultYaml = readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8');

function expectTaxonomyError(yaml: string, path: string, message: RegExp) {
  try {
    parseTaxonomy(yaml);
  } catch (error) {
    expect(error).toBeInstanceOf(TaxonomyError);
    const issues = (error as TaxonomyError).issues;
    expect(
      issues.some((i) => i.path === path && message.test(i.message)),
      JSON.stringify(issues),
    ).toBe(true);
    return;
  }
  throw new Error('expected a TaxonomyError');
}

describe('default taxonomy', () => {
  const taxonomy = parseTaxonomy(defaultYaml);

  it('derives the keywords of its rules, tags and urgency levels and its label names, each once', () => {
    expect(taxonomy.keywords).toEqual(
      expect.arrayContaining([
        'is down',
        'down',
        'asap',
        '障害',
        taxonomy.labels[0]!.name,
        ...taxonomy.rules[0]!.keywords,
      ]),
    );
    expect(new Set(taxonomy.keywords).size).toBe(taxonomy.keywords.length);
    expect(Object.isFrozen(taxonomy.keywords)).toBe(true);
  });

  it('has 6 to 12 labels, each with a description and three examples', () => {
    expect(taxonomy.labels.length).toBeGreaterThanOrEqual(6);
    expect(taxonomy.labels.length).toBeLessThanOrEqual(12);
    for (const label of taxonomy.labels) {
      expect(label.description.length).toBeGreaterThan(10);
      expect(label.examples.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('derives the escalation labels from the flags', () => {
    expect([...taxonomy.escalationLabelIds].sort()).toEqual([
      'churn_risk',
      'fraud',
      'legal_privacy',
      'outage',
      'security',
    ]);
  });

  it('maps urgency levels onto the four Zendesk priorities', () => {
    expect(new Set(taxonomy.urgency.map((u) => u.priority))).toEqual(new Set(['low', 'normal', 'high', 'urgent']));
  });

  it('defaults the thresholds to 0.85 and 0.6', () => {
    expect(taxonomy.thresholds.auto).toBe(0.85);
    expect(taxonomy.thresholds.review).toBe(0.6);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(taxonomy)).toBe(true);
    expect(Object.isFrozen(taxonomy.labels[0])).toBe(true);
  });

  it('builds the structured-output vocabulary and the UI view from the same labels', () => {
    expect(suggestionVocabulary(taxonomy).labels).toEqual(taxonomy.labelIds);
    const view = taxonomyView(taxonomy);
    expect(view.labels.map((l) => l.id)).toEqual(taxonomy.labelIds);
    expect(view).not.toHaveProperty('rules');
    expect(view.labels.map((l) => l.defaultUrgency)).toEqual(taxonomy.labels.map((l) => l.defaultUrgency));
  });
});

describe('taxonomy validation', () => {
  const minimal = (extra = '') => `
version: 1
labels:
  - { id: a, name: A, description: "label a described here", examples: [x, y, z], ticketType: question, defaultUrgency: normal }
  - { id: b, name: B, description: "label b described here", examples: [x, y, z], ticketType: question, defaultUrgency: normal }
urgency:
  - { id: normal, name: Normal, description: d, priority: normal }
${extra}`;

  it('accepts a minimal file and fills in the default thresholds', () => {
    const taxonomy = parseTaxonomy(minimal());
    expect(taxonomy.version).toBe('1');
    expect(taxonomy.thresholds).toMatchObject({ auto: 0.85, review: 0.6 });
  });

  it('names the key of a rule that points at a missing label', () => {
    expectTaxonomyError(
      minimal('rules:\n  - { id: r, description: d, label: nope, keywords: [k] }'),
      'rules[0].label',
      /not a label id/,
    );
  });

  it('rejects a review threshold above the auto threshold', () => {
    expectTaxonomyError(minimal('thresholds: { auto: 0.5, review: 0.7 }'), 'thresholds.review', /must not exceed/);
  });

  it('defaults the precision targets of auto-applied and drafted labels', () => {
    expect(parseTaxonomy(minimal()).thresholds).toMatchObject({
      autoPrecision: 0.97,
      escalationAutoPrecision: 0.99,
      draftPrecision: 0.8,
    });
    expect(parseTaxonomy(minimal('thresholds: { autoPrecision: 0.9 }')).thresholds.autoPrecision).toBe(0.9);
  });

  it.each([
    ['thresholds: { autoPrecision: 1.2 }', 'thresholds.autoPrecision', /1/],
    ['thresholds: { autoPrecision: 0.3 }', 'thresholds.autoPrecision', /0\.5/],
    [
      'thresholds: { autoPrecision: 0.98, escalationAutoPrecision: 0.95 }',
      'thresholds.escalationAutoPrecision',
      /below/,
    ],
    ['thresholds: { draftPrecision: 0.99 }', 'thresholds.draftPrecision', /must not exceed/],
  ])('rejects %s', (yaml, path, message) => {
    expectTaxonomyError(minimal(yaml), path, message);
  });

  it('rejects an invalid regular expression in a rule', () => {
    expectTaxonomyError(
      minimal('rules:\n  - { id: r, description: d, label: a, patterns: ["(unclosed"] }'),
      'rules[0].patterns[0]',
      /regular expression/,
    );
  });

  it('rejects duplicate label ids', () => {
    const yaml = minimal().replace('id: b,', 'id: a,');
    expectTaxonomyError(yaml, 'labels[1].id', /duplicate/);
  });

  it('rejects a label with fewer than three examples', () => {
    expectTaxonomyError(
      minimal().replace(
        'examples: [x, y, z], ticketType: question, defaultUrgency: normal }\n  - { id: b',
        'examples: [x], ticketType: question, defaultUrgency: normal }\n  - { id: b',
      ),
      'labels[0].examples',
      /three/,
    );
  });

  it('reports broken YAML as a TaxonomyError with the line', () => {
    expect(() => parseTaxonomy('labels: [unclosed')).toThrow(/not valid YAML/);
  });

  it('says where the YAML breaks and why in the issue the reload log and `taxonomy check` show', () => {
    expectTaxonomyError(
      'version: "1"\nlabels:\n  - id: a\n\tname: tab\n',
      '',
      /^not valid YAML at line 4, column 1: Tabs are not allowed as indentation$/,
    );
    const broken = defaultYaml.replace(/^ {2}auto: 0\.85 .*$/m, '  auto: [0.85');
    expectTaxonomyError(
      broken,
      '',
      /^not valid YAML at line 8, column 3: Flow sequence in block collection must be sufficiently indented and end with a \]$/,
    );
  });
});
