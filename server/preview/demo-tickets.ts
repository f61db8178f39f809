import type { LabelledTicket } from '../../src/contract/index.ts';
import { PREVIEW_AGENT_GROUP_ID, PREVIEW_DEFAULT_GROUP_ID, type PreviewTicket } from '../../src/preview-host/index.ts';
import { LANGUAGES, generateDemoTickets } from '../demo/index.ts';
import { UNCLEAR_TICKETS, type UnclearTicket } from './unclear-tickets.ts';

/** A different seed from the history import: the picker shows new tickets the model has not seen. */
const INCOMING_SEED = 7_2026;
const FIRST_INCOMING_ID = 100_001;
const LANGUAGE_COUNT = LANGUAGES.length;

interface Directory {
  byEmail: Map<string, number>;
  next: number;
}

function userId(directory: Directory, email: string | undefined, name: string | undefined): number {
  const key = email ?? name ?? `anonymous-${directory.next}`;
  const known = directory.byEmail.get(key);
  if (known !== undefined) return known;
  const id = directory.next++;
  directory.byEmail.set(key, id);
  return id;
}

function toPreview(
  ticket: LabelledTicket,
  id: number | string,
  directory: Directory,
  incoming: boolean,
): PreviewTicket {
  const requester = {
    id: userId(directory, ticket.requester?.email, ticket.requester?.name),
    name: ticket.requester?.name ?? 'Customer',
    email: ticket.requester?.email ?? 'customer@example.com',
  };
  const agentSource = ticket.participants[0];
  const assignee = agentSource
    ? {
        id: userId(directory, agentSource.email, agentSource.name),
        name: agentSource.name ?? 'Agent',
        email: agentSource.email ?? 'agent@example.com',
      }
    : null;
  // An incoming ticket has not been answered yet: only the requester's own follow-ups remain.
  const comments = ticket.comments.filter((comment) => !incoming || comment.authorRole === 'requester');
  return {
    id,
    subject: ticket.subject,
    description: ticket.description,
    status: incoming ? 'new' : (ticket.status ?? 'open'),
    priority: null,
    type: null,
    tags: [],
    requester,
    assignee: incoming ? null : assignee,
    // New tickets wait in the default group for routing; answered ones sit where an agent put them.
    groupId: incoming ? PREVIEW_DEFAULT_GROUP_ID : PREVIEW_AGENT_GROUP_ID,
    comments: comments.map((comment, index) => {
      const author =
        comment.authorRole === 'agent' && assignee
          ? { ...assignee, role: 'agent' as const }
          : { ...requester, role: 'end-user' as const };
      return {
        id: index + 2,
        author,
        body: comment.body,
        public: comment.public,
        createdAt: comment.createdAt ?? ticket.createdAt ?? new Date(0).toISOString(),
      };
    }),
    locale: ticket.locale ?? 'en',
    createdAt: ticket.createdAt ?? new Date(0).toISOString(),
    updatedAt: ticket.updatedAt ?? ticket.createdAt ?? new Date(0).toISOString(),
  };
}

/** An unclear incoming ticket, as new as the generated ones: no answer, no priority, no type yet. */
function unclearPreview(ticket: UnclearTicket, id: number, directory: Directory, createdAt: string): PreviewTicket {
  const requester = { id: userId(directory, ticket.requester.email, ticket.requester.name), ...ticket.requester };
  return {
    id,
    subject: ticket.subject,
    description: ticket.description,
    status: 'new',
    priority: null,
    type: null,
    tags: [],
    requester,
    assignee: null,
    groupId: PREVIEW_DEFAULT_GROUP_ID,
    comments: [],
    locale: ticket.locale,
    createdAt,
    updatedAt: createdAt,
  };
}

export interface PreviewTickets {
  /** New tickets for the picker: one per label (languages rotating), then unclear ones a reviewer may have to settle. */
  readonly incoming: readonly PreviewTicket[];
  find(id: string): PreviewTicket | undefined;
}

/**
 * Demo tickets as a Zendesk account would hold them (unredacted): new incoming ones for the picker, and the
 * history the server imports (`generateDemoTickets()` defaults, ids `demo-NNNN`) so similar tickets open.
 */
export function buildPreviewTickets(): PreviewTickets {
  const directory: Directory = { byEmail: new Map(), next: 1_000 };
  const generated = generateDemoTickets({ seed: INCOMING_SEED, count: 66 });
  // The generator lists every label in every language first: pick one per label, rotating the language.
  const labelCount = generated.length / LANGUAGE_COUNT;
  const picked = Array.from(
    { length: labelCount },
    (_unused, label) => generated[label * LANGUAGE_COUNT + (label % LANGUAGE_COUNT)],
  ).filter((ticket): ticket is LabelledTicket => ticket !== undefined);
  const english = Array.from({ length: labelCount }, (_unused, label) => generated[label * LANGUAGE_COUNT]).filter(
    (ticket): ticket is LabelledTicket => ticket !== undefined && !picked.includes(ticket),
  );
  const clear = [...english, ...picked].map((ticket, index) =>
    toPreview(ticket, FIRST_INCOMING_ID + index, directory, true),
  );
  const newest = clear.reduce(
    (latest, ticket) => (ticket.createdAt > latest ? ticket.createdAt : latest),
    new Date(0).toISOString(),
  );
  const incoming = [
    ...clear,
    ...UNCLEAR_TICKETS.map((ticket, index) =>
      unclearPreview(ticket, FIRST_INCOMING_ID + clear.length + index, directory, newest),
    ),
  ];
  let history: Map<string, PreviewTicket> | null = null;
  return {
    incoming,
    find(id) {
      const numeric = Number(id);
      const found = incoming.find((ticket) => ticket.id === numeric || ticket.id === id);
      if (found) return found;
      history ??= new Map(
        generateDemoTickets().map((ticket) => [ticket.id, toPreview(ticket, ticket.id, directory, false)]),
      );
      return history.get(id);
    },
  };
}
