import { describe, expect, it } from 'vitest';
import { groupNameKey, resolveGroups, routingDecision, type AccountGroup } from '../../src/routing/index.ts';

const groups: AccountGroup[] = [
  { id: 1, name: 'Support', default: true },
  { id: 2, name: 'Security' },
  { id: 3, name: 'Tier 2 – Incidents' },
  { id: 4, name: 'Billing', deleted: true },
  { id: 5, name: 'Legal' },
  { id: 6, name: 'legal ' },
  { id: 7, name: 'Product' },
  { id: 8, name: 'product' },
];

const taxonomy = {
  labels: [
    { id: 'security', group: '  security ' },
    { id: 'outage', group: 'TIER 2 - incidents' },
    { id: 'bug', group: 'Tier 2   –   Incidents' },
    { id: 'billing', group: 'Billing' },
    { id: 'fraud', group: 'Trust & Safety' },
    { id: 'fraud_two', group: 'Trust & Safety' },
    { id: 'legal', group: 'LEGAL' },
    { id: 'feature', group: 'product' },
    { id: 'how_to', group: null },
    { id: 'other' },
  ],
};

describe('resolveGroups', () => {
  const resolution = resolveGroups(taxonomy, groups);

  it('matches names ignoring case, surrounding and repeated spaces, and the kind of dash', () => {
    expect(resolution.byLabel.get('security')).toEqual({ id: 2, name: 'Security' });
    expect(resolution.byLabel.get('outage')).toEqual({ id: 3, name: 'Tier 2 – Incidents' });
    expect(resolution.byLabel.get('bug')).toEqual({ id: 3, name: 'Tier 2 – Incidents' });
  });

  it('lists each name with no live group once, a deleted group counting as none', () => {
    expect(resolution.unknown).toEqual(['Billing', 'Trust & Safety']);
    expect(resolution.byLabel.has('billing')).toBe(false);
    expect(resolution.byLabel.has('fraud')).toBe(false);
  });

  it('prefers the exact spelling when several groups share a key, and chooses none when none is exact', () => {
    expect(resolution.byLabel.get('feature')).toEqual({ id: 8, name: 'product' });
    expect(resolution.byLabel.has('legal')).toBe(false);
    expect(resolution.ambiguous).toEqual(['LEGAL']);
  });

  it('leaves labels without a group out, and finds the default group and every live name', () => {
    expect(resolution.byLabel.has('how_to')).toBe(false);
    expect(resolution.byLabel.has('other')).toBe(false);
    expect(resolution.defaultGroupId).toBe(1);
    expect(resolution.names.get(2)).toBe('Security');
    expect(resolution.names.has(4)).toBe(false);
  });

  it('has no default group when the list marks none (or only a deleted one)', () => {
    expect(resolveGroups(taxonomy, [{ id: 9, name: 'Support', default: true, deleted: true }]).defaultGroupId).toBe(
      null,
    );
    expect(resolveGroups(taxonomy, []).unknown).toHaveLength(7);
  });

  it.each([
    ['Tier 2 – Incidents', 'tier 2 - incidents'],
    ['  Trust  &\tSafety ', 'trust & safety'],
    ['Ｓｅｃｕｒｉｔｙ', 'security'],
  ])('keys %j as %j', (name, key) => {
    expect(groupNameKey(name)).toBe(key);
  });
});

describe('routingDecision: assign only from no group or the default group, never over an assignee', () => {
  it.each([
    ['no group, no assignee', { groupId: null, assigneeId: null }, { kind: 'assign', groupId: 2 }],
    ['the default group, no assignee', { groupId: 1, assigneeId: null }, { kind: 'assign', groupId: 2 }],
    ['an agent’s group', { groupId: 7, assigneeId: null }, { kind: 'kept', reason: 'agent-group', groupId: 7 }],
    [
      'an assignee in the default group',
      { groupId: 1, assigneeId: 42 },
      { kind: 'kept', reason: 'assignee', groupId: 1 },
    ],
    [
      'an assignee and no group',
      { groupId: null, assigneeId: 42 },
      { kind: 'kept', reason: 'assignee', groupId: null },
    ],
    ['the label’s group already', { groupId: 2, assigneeId: 42 }, { kind: 'in-place', groupId: 2 }],
  ] as const)('%s', (_name, ticket, expected) => {
    expect(routingDecision(ticket, 2, 1)).toEqual(expected);
  });

  it('does nothing when the label has no group in the account', () => {
    expect(routingDecision({ groupId: null, assigneeId: null }, null, 1)).toEqual({ kind: 'none' });
  });

  it('treats every group as an agent’s choice when the account has no default group', () => {
    expect(routingDecision({ groupId: 1, assigneeId: null }, 2, null)).toEqual({
      kind: 'kept',
      reason: 'agent-group',
      groupId: 1,
    });
  });
});
