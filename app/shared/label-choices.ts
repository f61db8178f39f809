import type { TaxonomyView } from '../../src/contract/index.ts';

export interface LabelChoice {
  readonly id: string;
  readonly name: string;
}

/**
 * Labels a person may correct to, in the taxonomy's order (the order the admin wrote them), without `exclude` (the
 * label shown now). The sidebar and the review queue both list them so: a label is where the agent last saw it.
 */
export function labelChoices(taxonomy: TaxonomyView | null, exclude: string | null): LabelChoice[] {
  return (taxonomy?.labels ?? [])
    .filter((label) => label.id !== exclude)
    .map((label) => ({ id: label.id, name: label.name }));
}

/** Lower case without accents, so "securite" finds "Sécurité" and "SEC" finds "security". */
function folded(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/** The choices whose name or id contains `query` (case and accents ignored), in the order given. */
export function filterLabelChoices(choices: readonly LabelChoice[], query: string): LabelChoice[] {
  const wanted = folded(query.trim());
  if (wanted === '') return [...choices];
  return choices.filter((choice) => folded(choice.name).includes(wanted) || folded(choice.id).includes(wanted));
}
