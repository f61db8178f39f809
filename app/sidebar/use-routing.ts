import { useCallback, useEffect, useMemo, useState } from 'react';
import type { TaxonomyView } from '../../src/contract/index.ts';
import {
  resolveGroups,
  routingDecision,
  type AccountGroup,
  type GroupResolution,
  type RoutingDecision,
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

function planOf(
  taxonomy: TaxonomyView | null,
  loaded: Loaded['status'],
  resolution: GroupResolution | null,
  assignment: TicketAssignment | null,
  labelId: string,
): RoutingPlan | { kind: 'decided'; decision: RoutingDecision; group: string } {
  const wanted = taxonomy?.labels.find((label) => label.id === labelId)?.group?.trim();
  if (taxonomy === null) return { kind: 'loading' };
  if (!wanted) return { kind: 'no-group' };
  if (loaded === 'unavailable') return { kind: 'unavailable' };
  if (resolution === null || assignment === null) return { kind: 'loading' };
  const target = resolution.byLabel.get(labelId);
  if (!target) return { kind: 'unknown', group: wanted };
  return {
    kind: 'decided',
    decision: routingDecision(assignment, target.id, resolution.defaultGroupId),
    group: target.name,
  };
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

  const resolution = useMemo(
    () => (loaded.status === 'ready' && taxonomy !== null ? resolveGroups(taxonomy, loaded.groups) : null),
    [loaded, taxonomy],
  );
  const assignment = loaded.status === 'ready' ? loaded.assignment : null;
  const nameOf = useCallback(
    (id: number | null) => (id === null ? null : (resolution?.names.get(id) ?? null)),
    [resolution],
  );

  const plan = useCallback(
    (labelId: string): RoutingPlan => {
      const planned = planOf(taxonomy, loaded.status, resolution, assignment, labelId);
      if (planned.kind !== 'decided') return planned;
      const { decision, group } = planned;
      if (decision.kind === 'assign') return { kind: 'assign', group };
      if (decision.kind === 'in-place') return { kind: 'in-place', group };
      if (decision.kind === 'kept') return { kind: 'kept', group: nameOf(decision.groupId) };
      return { kind: 'no-group' };
    },
    [loaded.status, taxonomy, resolution, assignment, nameOf],
  );

  const route = useCallback(
    async (labelId: string): Promise<void> => {
      if (resolution === null) return;
      const target = resolution.byLabel.get(labelId);
      const wanted = taxonomy?.labels.find((label) => label.id === labelId)?.group?.trim();
      if (!wanted) return;
      if (!target) return setOutcome({ key: resetKey, value: { kind: 'unknown', group: wanted } });
      try {
        // Read again just before writing: an agent may have assigned the ticket since the sidebar loaded.
        const now = await readAssignment(client);
        const decision = routingDecision(now, target.id, resolution.defaultGroupId);
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
    [client, resolution, taxonomy, resetKey, nameOf],
  );

  // A new suggestion (new text) starts without an outcome, as the actions do.
  return { plan, outcome: outcome?.key === resetKey ? outcome.value : null, route };
}
