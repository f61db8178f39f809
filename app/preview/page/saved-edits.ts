import { PreviewTicket } from '../../../src/preview-host/index.ts';

/**
 * An agent's edits to a preview ticket (tags, type, priority, group, status) kept for the tab's session, as Zendesk
 * keeps a saved ticket: reopening it, reloading or switching the agent language shows it as the agent left it, not as
 * the demo first served it (the sidebar would otherwise read Accept's tags as left out). Edits made on an older copy
 * of the ticket than the server now has (a background write-back since) are dropped: the server's is the newer ticket.
 */
const EditedFields = PreviewTicket.pick({ tags: true, type: true, priority: true, groupId: true, status: true }).extend(
  { baseUpdatedAt: PreviewTicket.shape.updatedAt },
);

function keyOf(id: PreviewTicket['id']): string {
  return `triage-preview-edits:${String(id)}`;
}

/** The ticket as the server serves it, with this tab's saved edits on top when they were made on that same copy. */
export function withSavedEdits(ticket: PreviewTicket, storage: Pick<Storage, 'getItem'>): PreviewTicket {
  let saved: unknown;
  try {
    saved = JSON.parse(storage.getItem(keyOf(ticket.id)) ?? 'null');
  } catch {
    return ticket;
  }
  const edits = EditedFields.safeParse(saved);
  if (!edits.success || edits.data.baseUpdatedAt !== ticket.updatedAt) return ticket;
  const { tags, type, priority, groupId, status } = edits.data;
  return { ...ticket, tags, type, priority, groupId, status };
}

/** Saves the agent-editable fields of `changed`, on top of the server's copy `base`. */
export function saveEdits(base: PreviewTicket, changed: PreviewTicket, storage: Pick<Storage, 'setItem'>): void {
  const edits = {
    tags: changed.tags,
    type: changed.type,
    priority: changed.priority,
    groupId: changed.groupId ?? null,
    status: changed.status,
    baseUpdatedAt: base.updatedAt,
  };
  try {
    storage.setItem(keyOf(base.id), JSON.stringify(edits));
  } catch {
    // A full or disabled storage only costs the edits surviving a reload.
  }
}
