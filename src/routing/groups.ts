/**
 * A group of the Zendesk account, as `GET /api/v2/groups` lists it: `default` marks the account's default group,
 * `deleted` a group that is gone (developer.zendesk.com/api-reference/ticketing/groups/groups).
 */
export interface AccountGroup {
  readonly id: number;
  readonly name: string;
  readonly default?: boolean;
  readonly deleted?: boolean;
}

/** What routing reads of a taxonomy: each label's group, by the human name an admin gave it. */
export interface RoutingTaxonomy {
  readonly labels: readonly { readonly id: string; readonly group?: string | null }[];
}

/** A taxonomy group found in the account: its id, and its name as the account spells it. */
export interface ResolvedGroup {
  readonly id: number;
  readonly name: string;
}

export interface GroupResolution {
  /** Label id → the account's group, for labels whose group exists; labels without a group are absent. */
  readonly byLabel: ReadonlyMap<string, ResolvedGroup>;
  /** Taxonomy group names (as written, each once) that name no live group of the account. */
  readonly unknown: readonly string[];
  /** Taxonomy group names that match several live groups once case and spacing are ignored: none is chosen. */
  readonly ambiguous: readonly string[];
  /** The account's default group (where Zendesk puts a ticket nobody routed), or null when the list has none. */
  readonly defaultGroupId: number | null;
  /** The live groups by id, for naming the group a ticket sits in. */
  readonly names: ReadonlyMap<number, string>;
}

// Hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus: "Tier 2 – Incidents" is "Tier 2 - Incidents".
const DASHES = /[\u2010-\u2015\u2212]/g;

/**
 * The key two group names are compared by: Unicode-normalised (NFKC), dashes unified, spacing collapsed and case
 * folded, so an admin's "tier 2 - incidents " finds the account's "Tier 2 – Incidents".
 */
export function groupNameKey(name: string): string {
  return name.normalize('NFKC').replace(DASHES, '-').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Maps each taxonomy label's group name to the account's group id. An exact name wins; otherwise the one live group
 * with the same key. Deleted groups never match. Names that match nothing are listed in `unknown`, never dropped.
 */
export function resolveGroups(taxonomy: RoutingTaxonomy, groups: readonly AccountGroup[]): GroupResolution {
  const live = groups.filter((group) => group.deleted !== true);
  const byKey = new Map<string, AccountGroup[]>();
  for (const group of live) {
    const key = groupNameKey(group.name);
    byKey.set(key, [...(byKey.get(key) ?? []), group]);
  }
  const byLabel = new Map<string, ResolvedGroup>();
  const unknown = new Set<string>();
  const ambiguous = new Set<string>();
  for (const label of taxonomy.labels) {
    const wanted = label.group?.trim();
    if (!wanted) continue;
    const candidates = byKey.get(groupNameKey(wanted)) ?? [];
    const exact = candidates.filter((group) => group.name.trim() === wanted);
    const match = exact.length === 1 ? exact[0] : candidates.length === 1 ? candidates[0] : undefined;
    if (match) byLabel.set(label.id, { id: match.id, name: match.name });
    else if (candidates.length === 0) unknown.add(wanted);
    else ambiguous.add(wanted);
  }
  return {
    byLabel,
    unknown: [...unknown],
    ambiguous: [...ambiguous],
    defaultGroupId: live.find((group) => group.default === true)?.id ?? null,
    names: new Map(live.map((group) => [group.id, group.name])),
  };
}
