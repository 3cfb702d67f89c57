import { describe, expect, it } from 'vitest';

import type { ActivityEntry, TrashedNote } from '@contracts/boards';
import type { AnyEventEnvelope } from '@contracts/events';

import { activityLine, isolated, trashAfter, withPage } from './activity-feed';

const entry = (id: string, changes: Partial<ActivityEntry> = {}): ActivityEntry => ({
  id,
  boardId: 'b1',
  kind: 'note.edited',
  actorId: 'u1',
  at: '2026-01-01T00:00:00Z',
  noteId: 'n1',
  noteText: 'Buy milk',
  ...changes,
});
const names = new Map([
  ['u1', 'Alice'],
  ['u2', 'Bob'],
]);
const nameOf = (id: string) => names.get(id);

describe('activity feed', () => {
  it('adds an older page without doubling entries that came live', () => {
    const feed = [entry('30-0', { noteId: 'n3' }), entry('20-0', { noteId: 'n2' })];
    const page = [entry('20-0', { noteId: 'n2' }), entry('10-0', { noteId: 'n1' })];
    expect(withPage(feed, page).map((e) => e.id)).toEqual(['30-0', '20-0', '10-0']);
  });

  it('lets an entry the server coalesced since give way to the newer one', () => {
    const at = '2026-01-01T00:00:10Z';
    const feed = [entry('10-0', { kind: 'note.moved', at: '2026-01-01T00:00:00Z' })];
    expect(withPage(feed, [entry('20-0', { kind: 'note.moved', at })]).map((e) => e.id)).toEqual(['20-0']);
  });

  it('says who did what in words', () => {
    expect(activityLine(entry('1-0'), nameOf)).toBe('Alice edited “Buy milk”');
    expect(activityLine(entry('1-0', { kind: 'note.recolored', actorId: 'u9' }), nameOf)).toBe('A former member recoloured “Buy milk”');
    expect(activityLine(entry('1-0', { kind: 'note.deleted', noteText: undefined }), nameOf)).toBe('Alice deleted a note');
    expect(activityLine(entry('1-0', { kind: 'member.joined', actorId: 'u2', userId: 'u2', role: 'viewer' }), nameOf)).toBe(
      'Bob joined as viewer',
    );
    expect(activityLine(entry('1-0', { kind: 'member.role_changed', userId: 'u2', role: 'editor' }), nameOf)).toBe(
      'Alice made Bob an editor',
    );
    expect(activityLine(entry('1-0', { kind: 'trash.emptied' }), nameOf)).toBe('Alice emptied the trash');
  });

  it('isolates right-to-left note text and names so the quotes stay around them', () => {
    expect(activityLine(entry('1-0', { noteText: 'مراجعة الميزانية' }), nameOf)).toBe('Alice edited “\u2068مراجعة الميزانية\u2069”');
    expect(activityLine(entry('1-0'), nameOf, true)).toBe('\u2068Alice\u2069 edited “\u2068Buy milk\u2069”');
    expect(isolated('Buy milk', false)).toBe('Buy milk');
  });

  it("keeps a member's name as it is written", () => {
    const lower = (id: string) => (id === 'u2' ? 'bob' : undefined);
    expect(activityLine(entry('1-0', { kind: 'member.left', actorId: 'u2', userId: 'u2' }), lower)).toBe('bob left the board');
  });

  describe('the trash', () => {
    const trashed = (id: string): TrashedNote => ({
      note: { id, boardId: 'b1', text: id, x: 0, y: 0, color: 'yellow', version: 2, createdBy: 'u1', updatedAt: '' },
      deletedAt: '2026-01-01T00:00:00Z',
      deletedBy: 'u1',
      expiresAt: '2026-01-31T00:00:00Z',
    });
    const event = (type: string, data: unknown) =>
      ({ id: '1-0', channel: 'board:b1', type, timestamp: '', userId: 'u1', data }) as AnyEventEnvelope;
    const trash = [trashed('n1'), trashed('n2')];

    it('drops a restored note, empties on trash.emptied, and refetches after a deletion', () => {
      expect(trashAfter(trash, event('note.created', { note: trashed('n1').note, restored: true }))).toEqual([trashed('n2')]);
      expect(trashAfter(trash, event('note.created', { note: trashed('n3').note }))).toBe(trash);
      expect(trashAfter(trash, event('trash.emptied', { boardId: 'b1' }))).toEqual([]);
      expect(trashAfter(trash, event('note.deleted', { boardId: 'b1', noteId: 'n4' }))).toBe('refetch');
      expect(trashAfter(trash, event('reset', { channels: ['board:b1'] }))).toBe('refetch');
    });
  });
});
