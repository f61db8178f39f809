/**
 * The groups of the preview's pretend Zendesk account: the default group new tickets land in, a first-line group
 * agents work from, and every group the demo taxonomy (config/taxonomy.yaml) routes to, so routing shows in `npm start`.
 */
export const PREVIEW_GROUPS = Object.freeze([
  { id: 360_000_001, name: 'Support', default: true },
  { id: 360_000_002, name: 'Tier 1' },
  { id: 360_000_003, name: 'Tier 2 – Incidents' },
  { id: 360_000_004, name: 'Security' },
  { id: 360_000_005, name: 'Trust & Safety' },
  { id: 360_000_006, name: 'Legal' },
  { id: 360_000_007, name: 'Customer Success' },
  { id: 360_000_008, name: 'Billing' },
  { id: 360_000_009, name: 'Product' },
  { id: 360_000_010, name: 'Developers' },
] as const satisfies readonly { id: number; name: string; default?: boolean }[]);

export type PreviewGroup = (typeof PREVIEW_GROUPS)[number];

/** Where an incoming ticket sits before anyone routes it: the account's default group. */
export const PREVIEW_DEFAULT_GROUP_ID = PREVIEW_GROUPS[0].id;
/** The group agents work history tickets from. */
export const PREVIEW_AGENT_GROUP_ID = PREVIEW_GROUPS[1].id;

export function previewGroupName(id: number | null | undefined): string | null {
  return PREVIEW_GROUPS.find((group) => group.id === id)?.name ?? null;
}
