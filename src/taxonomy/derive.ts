import type { SuggestionVocabulary, TaxonomyView, ZendeskPriority } from '../contract/index.ts';
import type { KeywordRule, LabelDefinition, TagDefinition, TaxonomyFile, Thresholds, UrgencyLevel } from './schema.ts';

/** A validated taxonomy with every list the code needs derived from it once. */
export interface Taxonomy {
  readonly version: string;
  readonly labels: readonly LabelDefinition[];
  readonly urgency: readonly UrgencyLevel[];
  readonly tags: readonly TagDefinition[];
  readonly rules: readonly KeywordRule[];
  readonly thresholds: Thresholds;
  readonly labelIds: readonly string[];
  readonly escalationLabelIds: readonly string[];
  readonly labelById: ReadonlyMap<string, LabelDefinition>;
  readonly urgencyById: ReadonlyMap<string, UrgencyLevel>;
  /** Urgency ids ordered from least to most urgent (file order). */
  readonly urgencyIds: readonly string[];
  readonly tagIds: readonly string[];
  /**
   * Every keyword of the rules, tags and urgency levels, and every label name: what the taxonomy says carries meaning
   * in a ticket. The local model's evidence never hides one as a stop word ("down", "cuenta").
   */
  readonly keywords: readonly string[];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as object)) deepFreeze(inner);
  }
  return value;
}

export function deriveTaxonomy(file: TaxonomyFile): Taxonomy {
  const taxonomy: Taxonomy = {
    version: file.version,
    labels: file.labels,
    urgency: file.urgency,
    tags: file.tags,
    rules: file.rules,
    thresholds: file.thresholds,
    labelIds: file.labels.map((l) => l.id),
    escalationLabelIds: file.labels.filter((l) => l.escalation).map((l) => l.id),
    labelById: new Map(file.labels.map((l) => [l.id, l])),
    urgencyById: new Map(file.urgency.map((u) => [u.id, u])),
    urgencyIds: file.urgency.map((u) => u.id),
    tagIds: file.tags.map((t) => t.id),
    keywords: Object.freeze([
      ...new Set([
        ...file.rules.flatMap((r) => r.keywords),
        ...file.tags.flatMap((t) => t.keywords),
        ...file.urgency.flatMap((u) => u.keywords),
        ...file.labels.map((l) => l.name),
      ]),
    ]),
  };
  // Maps cannot be frozen deeply; freeze the plain parts.
  deepFreeze(file);
  return Object.freeze(taxonomy);
}

export function isEscalationLabel(taxonomy: Taxonomy, labelId: string): boolean {
  return taxonomy.labelById.get(labelId)?.escalation ?? false;
}

export function priorityOf(taxonomy: Taxonomy, urgencyId: string): ZendeskPriority {
  return taxonomy.urgencyById.get(urgencyId)?.priority ?? 'normal';
}

/** Enums for structured output: the label set an LLM may answer. */
export function suggestionVocabulary(taxonomy: Taxonomy): SuggestionVocabulary {
  const nonEmpty = (list: readonly string[], what: string): [string, ...string[]] => {
    const [first, ...rest] = list;
    if (first === undefined) throw new Error(`taxonomy has no ${what}`);
    return [first, ...rest];
  };
  return {
    labels: nonEmpty(taxonomy.labelIds, 'labels'),
    urgency: nonEmpty(taxonomy.urgencyIds, 'urgency levels'),
    tags: taxonomy.tagIds.length > 0 ? nonEmpty(taxonomy.tagIds, 'tags') : ['none'],
  };
}

/** The UI's view: no rules, no examples. */
export function taxonomyView(taxonomy: Taxonomy): TaxonomyView {
  return {
    version: taxonomy.version,
    labels: taxonomy.labels.map((l) => ({
      id: l.id,
      name: l.name,
      description: l.description,
      ticketType: l.ticketType,
      escalation: l.escalation,
      defaultUrgency: l.defaultUrgency,
      group: l.group,
    })),
    urgency: taxonomy.urgency.map((u) => ({ id: u.id, name: u.name, priority: u.priority })),
    tags: taxonomy.tags.map((t) => ({ id: t.id, description: t.description })),
    thresholds: { auto: taxonomy.thresholds.auto, review: taxonomy.thresholds.review },
  };
}
