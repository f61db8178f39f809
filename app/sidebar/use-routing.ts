import { useCallback, useEffect, useMemo, useState } from 'react';
import type { TaxonomyView } from '../../src/contract/index.ts';
import {
  resolveGroups,
  routingDecision,
  type AccountGroup,
  type GroupResolution,
  type ResolvedGroup,
  type TicketAssignment,
} from '../../src/routing/index.ts';
import { assignGroup, readAccountGroups, readAssignment } from '../shared/account-groups.ts';
import { useClient } from '../shared/client-context.tsx';

/** What routing would do for a label now; `unknown`: the taxonomy's group name is not a group of the account. */
export type RoutingPlan =
  | { readonly kind: 'loading' }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'no-group' }
  | { readonly kind: 'unknown'; readonly group: string }
  | { readonly kind: 'assign'; readonly group: string }
  | { readonly kind: 'in-place'; readonly group: string }
  | { readonly kind: 'kept'; readonly group: string | null };

/** What Accept or Correct did to the ticket's group. */
export type RoutingOutcome =
  | { readonly kind: 'routed'; readonly group: string }
  | { readonly kind: 'in-place'; readonly group: string }
  | { readonly kind: 'kept'; readonly group: string | null }
  | { readonly kind: 'unknown'; readonly group: string }
  | { readonly kind: 'failed'; readonly group: string };

export interface Routing {
  readonly plan: (labelId: string) => RoutingPlan;
  /** The last routing Accept or Correct did; null before either. */
  readonly outcome: RoutingOutcome | null;
  /** Routes the ticket for `labelId` under the rule; never throws (a failure is an outcome). */
  readonly route: (labelId: string) => Promise<void>;
}

/** A change of the ticket's group or assignee by the agent: the plan is read again. */
const ASSIGNMENT_EVENTS = ['ticket.assignee.group.id.changed', 'ticket.assignee.user.id.changed'] as const;

type Loaded =
  | { status: 'loading' }
  | { status: 'unavailable' }
  | { status: 'ready'; groups: readonly AccountGroup[]; assignment: TicketAssignment };

/** A label's group before the rule is applied: why there is none yet, or the account's group it names. */
type Target =
  | Extract<RoutingPlan, { kind: 'loading' | 'unavailable' | 'no-group' | 'unknown' }>
  | { kind: 'found'; group: ResolvedGroup; defaultGroupId: number | null };

/** The one lookup of a label's group, for the plan and for routing alike. */
function targetOf(
  taxonomy: TaxonomyView | null,
  loaded: Loaded['status'],
  resolution: GroupResolution | null,
  labelId: string,
): Target {
  if (taxonomy === null) return { kind: 'loading' };
  const wanted = taxonomy.labels.find((label) => label.id === labelId)?.group?.trim();
  if (!wanted) return { kind: 'no-group' };
  if (loaded === 'unavailable') return { kind: 'unavailable' };
  if (resolution === null) return { kind: 'loading' };
  const group = resolution.byLabel.get(labelId);
  return group
    ? { kind: 'found', group, defaultGroupId: resolution.defaultGroupId }
    : { kind: 'unknown', group: wanted };
}

/**
 * The ticket's routing to its label's group: the account's groups through ZAF, the ticket's group and assignee, and
 * the one rule (src/routing) that assigns only from no group or the default group, never over an assignee.
 */
export function useRouting(taxonomy: TaxonomyView | null, resetKey: string): Routing {
  const client = useClient();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [outcome, setOutcome] = useState<{ key: string; value: RoutingOutcome } | null>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      Promise.all([readAccountGroups(client), readAssignment(client)]).then(
        ([groups, assignment]) => live && setLoaded({ status: 'ready', groups, assignment }),
        () => live && setLoaded({ status: 'unavailable' }),
      );
    const reload = () => void load();
    reload();
    for (const event of ASSIGNMENT_EVENTS) client.on(event, reload);
    return () => {
      live = false;
      for (const event of ASSIGNMENT_EVENTS) client.off(event, reload);
    };
  }, [client]);

  // Resolved again only when the groups or the taxonomy change, not when the ticket's assignment does.
  const groups = loaded.status === 'ready' ? loaded.groups : null;
  const resolution = useMemo(
    () => (groups !== null && taxonomy !== null ? resolveGroups(taxonomy, groups) : null),
    [groups, taxonomy],
  );
  const nameOf = useCallback(
    (id: number | null) => (id === null ? null : (resolution?.names.get(id) ?? null)),
    [resolution],
  );

  const plan = useCallback(
    (labelId: string): RoutingPlan => {
      const target = targetOf(taxonomy, loaded.status, resolution, labelId);
      if (target.kind !== 'found') return target;
      // A resolution exists only once the groups and the assignment are loaded.
      if (loaded.status !== 'ready') return { kind: 'loading' };
      const decision = routingDecision(loaded.assignment, target.group.id, target.defaultGroupId);
      if (decision.kind === 'assign') return { kind: 'assign', group: target.group.name };
      if (decision.kind === 'in-place') return { kind: 'in-place', group: target.group.name };
      if (decision.kind === 'kept') return { kind: 'kept', group: nameOf(decision.groupId) };
      return { kind: 'no-group' };
    },
    [loaded, taxonomy, resolution, nameOf],
  );

  const route = useCallback(
    async (labelId: string): Promise<void> => {
      const found = targetOf(taxonomy, loaded.status, resolution, labelId);
      if (found.kind === 'unknown') return setOutcome({ key: resetKey, value: found });
      if (found.kind !== 'found') return;
      const target = found.group;
      try {
        // Read again just before writing: an agent may have assigned the ticket since the sidebar loaded.
        const now = await readAssignment(client);
        const decision = routingDecision(now, target.id, found.defaultGroupId);
        if (decision.kind === 'assign') {
          await assignGroup(client, target.id);
          setLoaded((previous) =>
            previous.status === 'ready' ? { ...previous, assignment: { ...now, groupId: target.id } } : previous,
          );
          setOutcome({ key: resetKey, value: { kind: 'routed', group: target.name } });
        } else if (decision.kind === 'kept') {
          setOutcome({ key: resetKey, value: { kind: 'kept', group: nameOf(decision.groupId) } });
        } else {
          setOutcome({ key: resetKey, value: { kind: 'in-place', group: target.name } });
        }
      } catch {
        setOutcome({ key: resetKey, value: { kind: 'failed', group: target.name } });
      }
    },
    [client, taxonomy, loaded.status, resolution, resetKey, nameOf],
  );

  // A new suggestion (new text) starts without an outcome, as the actions do.
  return { plan, outcome: outcome?.key === resetKey ? outcome.value : null, route };
}
