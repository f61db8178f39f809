import { describe, expect, it } from 'vitest';
import { saveEdits, withSavedEdits } from '../../app/preview/page/saved-edits.ts';
import type { PreviewTicket } from '../../src/preview-host/index.ts';

const served: PreviewTicket = {
  id: 100001,
  subject: 'Charged twice',
  description: 'We were charged twice',
  status: 'new',
  priority: null,
  type: null,
  tags: [],
  requester: { id: 7, name: 'Élodie Sato', email: 'elodie@example.net' },
  assignee: null,
  groupId: 1,
  comments: [],
  locale: 'en',
  createdAt: '2026-12-07T10:00:00Z',
  updatedAt: '2026-12-07T10:00:00Z',
};

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('preview: an agent’s edits survive reopening the ticket in the same tab', () => {
  it('shows the saved tags, type, priority, group and status on top of the served ticket', () => {
    const storage = memoryStorage();
    const accepted = {
      ...served,
      tags: ['refund', 'invoice'],
      type: 'question' as const,
      priority: 'normal' as const,
      groupId: 2,
      updatedAt: '2026-12-07T11:00:00Z',
    };
    saveEdits(served, accepted, storage);
    expect(withSavedEdits(served, storage)).toEqual({
      ...served,
      tags: ['refund', 'invoice'],
      type: 'question',
      priority: 'normal',
      groupId: 2,
    });
  });

  it('serves the ticket as it is without edits, with unreadable ones, and for another ticket', () => {
    const storage = memoryStorage();
    expect(withSavedEdits(served, storage)).toBe(served);
    storage.setItem('triage-preview-edits:100001', '{not json');
    expect(withSavedEdits(served, storage)).toBe(served);
    saveEdits(served, { ...served, tags: ['x'] }, storage);
    expect(withSavedEdits({ ...served, id: 100002 }, storage)).toEqual({ ...served, id: 100002 });
  });

  it('drops edits made on an older copy than the server now has (a background write-back since)', () => {
    const storage = memoryStorage();
    saveEdits(served, { ...served, tags: ['mine'] }, storage);
    const newer = { ...served, tags: ['triage_auto'], updatedAt: '2026-12-07T12:00:00Z' };
    expect(withSavedEdits(newer, storage)).toBe(newer);
  });
});
