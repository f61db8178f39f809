export {
  groupNameKey,
  resolveGroups,
  type AccountGroup,
  type GroupResolution,
  type ResolvedGroup,
  type RoutingTaxonomy,
} from './groups.ts';
export { routingDecision, type RoutingDecision, type TicketAssignment } from './rule.ts';
