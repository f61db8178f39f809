/** Who a ticket is assigned to now; null where nobody (no group, no agent). */
export interface TicketAssignment {
  readonly groupId: number | null;
  readonly assigneeId: number | null;
}

/**
 * What routing does to one ticket:
 * - `assign`: move it to `groupId`;
 * - `in-place`: it already sits in the label's group;
 * - `kept`: an agent chose already (an assignee, or a group other than the default one), so it stays in `groupId`;
 * - `none`: the label names no group, or its group is not in the account.
 */
export type RoutingDecision =
  | { readonly kind: 'assign'; readonly groupId: number }
  | { readonly kind: 'in-place'; readonly groupId: number }
  | { readonly kind: 'kept'; readonly reason: 'assignee' | 'agent-group'; readonly groupId: number | null }
  | { readonly kind: 'none' };

/**
 * The one routing rule, for the sidebar's Accept and the background write-back alike: assign the label's group only
 * when the ticket has no group or sits in the account's default group, and never when it has an assignee.
 */
export function routingDecision(
  ticket: TicketAssignment,
  target: number | null,
  defaultGroupId: number | null,
): RoutingDecision {
  if (target === null) return { kind: 'none' };
  if (ticket.groupId === target) return { kind: 'in-place', groupId: target };
  if (ticket.assigneeId !== null) return { kind: 'kept', reason: 'assignee', groupId: ticket.groupId };
  if (ticket.groupId !== null && ticket.groupId !== defaultGroupId)
    return { kind: 'kept', reason: 'agent-group', groupId: ticket.groupId };
  return { kind: 'assign', groupId: target };
}
