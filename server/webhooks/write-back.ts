import {
  decidedBand,
  DECISION_TAG,
  type Ticket,
  type TicketComment,
  type TriageResult,
} from '../../src/contract/index.ts';
import { resolveGroups, routingDecision, type AccountGroup, type RoutingTaxonomy } from '../../src/routing/index.ts';
import type { TicketUpdate, ZendeskComment, ZendeskTicket } from '../zendesk/index.ts';

/**
 * The detected language's tag, `triage_lang_de`: our own prefix beside Zendesk's intelligent triage (which tags
 * `language__<value>`), so neither overwrites nor mimics the other; none when the language is unsure.
 */
export function languageTag(language: string | null): string | null {
  return language ? `triage_lang_${language}` : null;
}

/** A write-back: tags added (never replaced) and our own stale ones removed, with the stamp read. */
export type WriteBackUpdate = TicketUpdate & { readonly additional_tags: readonly string[] };

/** A taxonomy tag as a Zendesk tag: lower case, no spaces (Zendesk splits tags on them). */
function zendeskTag(tag: string): string {
  return tag
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_\-:/]+/g, '_');
}

/** The suggested label's group in the account and the account's default group (see routingDecision). */
export interface RoutingTarget {
  readonly groupId: number | null;
  readonly defaultGroupId: number | null;
}

/** The routing target of `label` from the taxonomy and the account's groups. */
export function routingTarget(
  taxonomy: RoutingTaxonomy,
  groups: readonly AccountGroup[],
  label: string,
): RoutingTarget {
  const resolution = resolveGroups(taxonomy, groups);
  return { groupId: resolution.byLabel.get(label)?.id ?? null, defaultGroupId: resolution.defaultGroupId };
}

/** A Zendesk id read as a number; null for none, undefined when not read or unreadable (routing then does nothing). */
function idOf(value: number | string | null | undefined): number | null | undefined {
  if (value === null) return null;
  const id = Number(value);
  return value !== undefined && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** The group an `auto` write-back sets, or undefined: only under the routing rule, and only when both ids were read. */
function routedGroup(ticket: ZendeskTicket, routing: RoutingTarget): number | undefined {
  const groupId = idOf(ticket.group_id);
  const assigneeId = idOf(ticket.assignee_id);
  if (groupId === undefined || assigneeId === undefined) return undefined;
  const decision = routingDecision({ groupId, assigneeId }, routing.groupId, routing.defaultGroupId);
  return decision.kind === 'assign' ? decision.groupId : undefined;
}

/** Our own tags' prefixes beside the decision tags: a re-triage replaces ours, never anyone else's. */
const BAND_PREFIX = 'triage_confidence_';
const LANGUAGE_PREFIX = 'triage_lang_';
const DECISION_TAGS: ReadonlySet<string> = new Set(Object.values(DECISION_TAG));

/** The confidence band written to the ticket: the one the sidebar's badge shows (see decidedBand). */
export function writtenBand(
  result: Pick<TriageResult, 'decision' | 'label'>,
  thresholds: { auto: number; review: number },
): 'high' | 'medium' | 'low' {
  return decidedBand(result.label.confidence, result.decision, thresholds);
}

/** An agent is on the ticket: its assignee was read and is someone. */
export function isAssigned(ticket: ZendeskTicket): boolean {
  return typeof idOf(ticket.assignee_id) === 'number';
}

/**
 * Our own tags on the ticket that the new result contradicts: the other decision tags, the other confidence bands,
 * and the other language tags when a language was detected (an unsure detection leaves the earlier one alone).
 */
function staleOwnTags(present: readonly string[], wanted: ReadonlySet<string>, language: string | null): string[] {
  return [
    ...new Set(
      present.filter(
        (tag) =>
          !wanted.has(tag) &&
          (DECISION_TAGS.has(tag) ||
            tag.startsWith(BAND_PREFIX) ||
            (language !== null && tag.startsWith(LANGUAGE_PREFIX))),
      ),
    ),
  ];
}

/**
 * The update for a triaged ticket, or null when the ticket has it all already (a retried job writes nothing twice).
 * Every decision adds its decision tag, confidence band and language tag, and removes our own tags it contradicts (a
 * re-triage on a new comment replaces `triage_review` by `triage_auto`, never piles them up). `auto` on a ticket
 * nobody is assigned to also adds the suggested tags, sets priority and type only where the ticket has none, and (with
 * `routing`) the label's group under the routing rule; once an agent is assigned, they decide those. Tags go in
 * `additional_tags` and `remove_tags`: an agent's own, and label tags, are never removed.
 */
export function writeBackUpdate(
  ticket: ZendeskTicket,
  result: TriageResult,
  thresholds: { auto: number; review: number },
  routing?: RoutingTarget,
): WriteBackUpdate | null {
  const band = writtenBand(result, thresholds);
  const wanted = [DECISION_TAG[result.decision], `${BAND_PREFIX}${band}`];
  // The language is a fact of the ticket, not a suggestion: written whatever the decision.
  const language = languageTag(result.language);
  if (language !== null) wanted.push(language);
  const own = new Set(wanted);
  const auto = result.decision === 'auto' && !isAssigned(ticket);
  if (auto) wanted.push(...result.tags.map(zendeskTag).filter((tag) => tag !== ''));
  const present = new Set(ticket.tags);
  const additional = [...new Set(wanted)].filter((tag) => !present.has(tag));
  const remove = staleOwnTags(ticket.tags, own, language);
  // A ticket "has none" when Zendesk says null (or leaves the field out).
  const priority = auto && !ticket.priority ? result.urgency.priority : undefined;
  const type = auto && !ticket.type ? result.ticketType : undefined;
  const group = auto && routing ? routedGroup(ticket, routing) : undefined;
  if (
    additional.length === 0 &&
    remove.length === 0 &&
    priority === undefined &&
    type === undefined &&
    group === undefined
  )
    return null;
  return {
    additional_tags: additional,
    ...(remove.length === 0 ? {} : { remove_tags: remove }),
    ...(priority === undefined ? {} : { priority }),
    ...(type === undefined ? {} : { type }),
    ...(group === undefined ? {} : { group_id: group }),
    safe_update: true,
    updated_stamp: ticket.updated_at,
  };
}

/** The contract's limits: the newest comments and the first tags are what the pipeline reads of a huge ticket. */
const MAX_COMMENTS = 500;
const MAX_TAGS = 200;
const STATUSES = new Set(['new', 'open', 'pending', 'hold', 'solved', 'closed']);

/**
 * The ticket as the pipeline reads it (validated by the contract afterwards). A comment by the requester is theirs;
 * any other author's is an agent's.
 */
export function toTriageTicket(ticket: ZendeskTicket, comments: readonly ZendeskComment[]): unknown {
  const requester = ticket.requester_id == null ? null : String(ticket.requester_id);
  const status = STATUSES.has(ticket.status) ? ticket.status : undefined;
  return {
    id: String(ticket.id),
    subject: ticket.subject ?? '',
    description: ticket.description ?? '',
    // The first comment is the description itself.
    comments: comments
      .slice(1)
      .slice(-MAX_COMMENTS)
      .map((comment): Omit<TicketComment, 'public'> & { public: boolean } => ({
        authorRole: comment.author_id != null && String(comment.author_id) === requester ? 'requester' : 'agent',
        // The plain text when Zendesk sends it (`body` may hold the agent's Markdown).
        body: comment.plain_body ?? comment.body,
        public: comment.public,
      })),
    tags: ticket.tags.slice(0, MAX_TAGS),
    ...(status ? { status: status as Ticket['status'] } : {}),
  };
}
