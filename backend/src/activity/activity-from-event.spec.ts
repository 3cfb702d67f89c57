import { ACTIVITY_EVENT_TYPES, activityFromEvent, addActivity, NOTE_EXCERPT_MAX, noteExcerpt } from '../../../contracts/activity';
import type { ActivityEntry, Note } from '../../../contracts/boards';
import type { AnyEventEnvelope, EventMap, EventType } from '../../../contracts/events';
import type { VoteView } from '../../../contracts/facilitation';

const BOARD = 'b1';
const AT = '2026-03-01T10:00:00.000Z';

function envelope<T extends EventType>(type: T, data: EventMap[T], id = '1772359200000-0', channel = `board:${BOARD}`): AnyEventEnvelope {
  return { id, channel, type, timestamp: AT, userId: 'alice', data } as AnyEventEnvelope;
}

const note: Note = {
  id: 'n1',
  boardId: BOARD,
  text: 'Ship it',
  x: 1,
  y: 2,
  color: 'yellow',
  version: 3,
  createdBy: 'alice',
  updatedAt: AT,
};

const vote = { id: 'v1', boardId: BOARD } as VoteView;

function entry(ms: number, overrides: Partial<ActivityEntry> = {}): ActivityEntry {
  return {
    id: `${Date.parse(AT) + ms}-0`,
    boardId: BOARD,
    kind: 'note.moved',
    actorId: 'alice',
    at: new Date(Date.parse(AT) + ms).toISOString(),
    noteId: 'n1',
    ...overrides,
  };
}

describe('activityFromEvent', () => {
  const base = { id: '1772359200000-0', boardId: BOARD, actorId: 'alice', at: AT };

  it('turns note events into note entries, with an excerpt of the text', () => {
    expect(activityFromEvent(envelope('note.created', { note }))).toEqual({
      ...base,
      kind: 'note.created',
      noteId: 'n1',
      noteText: 'Ship it',
    });
    expect(activityFromEvent(envelope('note.created', { note, restored: true }))).toEqual(
      expect.objectContaining({ kind: 'note.restored', noteId: 'n1' }),
    );
    expect(activityFromEvent(envelope('note.deleted', { boardId: BOARD, noteId: 'n1', noteText: 'Ship it' }))).toEqual({
      ...base,
      kind: 'note.deleted',
      noteId: 'n1',
      noteText: 'Ship it',
    });
  });

  it('names what an update changed: text before colour before position, nothing for no change', () => {
    const kindOf = (changed?: Array<'text' | 'x' | 'y' | 'color'>) => activityFromEvent(envelope('note.updated', { note, changed }))?.kind;
    expect(kindOf(['x', 'text', 'color'])).toBe('note.edited');
    expect(kindOf(['y', 'color'])).toBe('note.recolored');
    expect(kindOf(['x'])).toBe('note.moved');
    expect(kindOf(undefined)).toBe('note.edited');
    expect(kindOf([])).toBeUndefined();
  });

  it('asks for the text of a deleted note the event does not describe', () => {
    const event = envelope('note.deleted', { boardId: BOARD, noteId: 'n1' });
    expect(activityFromEvent(event, (id) => (id === 'n1' ? 'From the app' : undefined))?.noteText).toBe('From the app');
    expect(activityFromEvent(event)).toEqual({ ...base, kind: 'note.deleted', noteId: 'n1' });
  });

  it('turns membership and role events into member entries', () => {
    const member = { id: 'bob', username: 'bob', displayName: 'Bob' };
    expect(activityFromEvent(envelope('board.member_added', { boardId: BOARD, member, role: 'viewer' }))).toEqual({
      ...base,
      kind: 'member.joined',
      userId: 'bob',
      role: 'viewer',
    });
    expect(activityFromEvent(envelope('board.member_removed', { boardId: BOARD, userId: 'bob', reason: 'left' }))?.kind).toBe(
      'member.left',
    );
    expect(activityFromEvent(envelope('board.member_removed', { boardId: BOARD, userId: 'bob', reason: 'removed' }))?.kind).toBe(
      'member.removed',
    );
    const role = (to: 'owner' | 'editor') =>
      activityFromEvent(envelope('board.role_changed', { boardId: BOARD, userId: 'bob', role: to, ownerId: 'bob' }));
    expect(role('editor')).toEqual({ ...base, kind: 'member.role_changed', userId: 'bob', role: 'editor' });
    expect(role('owner')).toEqual({ ...base, kind: 'board.owner_changed', userId: 'bob', role: 'owner' });
  });

  it('records the trash being emptied and votes starting and ending', () => {
    expect(activityFromEvent(envelope('trash.emptied', { boardId: BOARD }))).toEqual({ ...base, kind: 'trash.emptied' });
    expect(activityFromEvent(envelope('vote.started', { vote }))?.kind).toBe('vote.started');
    expect(activityFromEvent(envelope('vote.ended', { vote }))?.kind).toBe('vote.ended');
  });

  it('shows nothing for other events, ephemeral events, or events of other channels', () => {
    expect(activityFromEvent(envelope('chat.typing', { roomId: `board:${BOARD}`, userId: 'u', until: AT }, ''))).toBeUndefined();
    expect(activityFromEvent(envelope('presence.left', { userId: 'u' }))).toBeUndefined();
    expect(activityFromEvent(envelope('note.created', { note }, '1-0', 'user:alice'))).toBeUndefined();
    expect(activityFromEvent(envelope('vote.cleared', { boardId: BOARD, voteId: 'v1' }))).toBeUndefined();
  });

  it('lists exactly the event types it makes entries of', () => {
    const samples: AnyEventEnvelope[] = [
      envelope('note.created', { note }),
      envelope('note.updated', { note, changed: ['x'] }),
      envelope('note.deleted', { boardId: BOARD, noteId: 'n1' }),
      envelope('board.member_added', { boardId: BOARD, member: { id: 'b', username: 'b', displayName: 'B' }, role: 'editor' }),
      envelope('board.member_removed', { boardId: BOARD, userId: 'b', reason: 'left' }),
      envelope('board.role_changed', { boardId: BOARD, userId: 'b', role: 'viewer', ownerId: 'alice' }),
      envelope('trash.emptied', { boardId: BOARD }),
      envelope('vote.started', { vote }),
      envelope('vote.ended', { vote }),
    ];
    expect(new Set(samples.map((sample) => sample.type))).toEqual(ACTIVITY_EVENT_TYPES);
    expect(samples.every((sample) => activityFromEvent(sample) !== undefined)).toBe(true);
  });
});

describe('noteExcerpt', () => {
  it('keeps short text on one line, and cuts long text with an ellipsis, whole characters only', () => {
    expect(noteExcerpt('  Ship\n\tit  ')).toBe('Ship it');
    const long = noteExcerpt('🙂'.repeat(200));
    expect(Array.from(long)).toHaveLength(NOTE_EXCERPT_MAX);
    expect(long.endsWith('🙂…')).toBe(true);
  });
});

describe('addActivity', () => {
  it('puts entries newest first, wherever they arrive', () => {
    const a = entry(0, { kind: 'note.created' });
    const b = entry(10, { kind: 'note.deleted' });
    const c = entry(20, { kind: 'note.created', noteId: 'n2' });
    expect(addActivity(addActivity(addActivity([], b), c), a)).toEqual([c, b, a]);
  });

  it("coalesces one user's moves of one note within the window into the newest", () => {
    let feed = addActivity([], entry(0));
    feed = addActivity(feed, entry(30_000));
    feed = addActivity(feed, entry(80_000));
    expect(feed).toEqual([entry(80_000)]);
    feed = addActivity(feed, entry(81_000, { actorId: 'bob' }));
    feed = addActivity(feed, entry(82_000, { kind: 'note.edited' }));
    feed = addActivity(feed, entry(150_000));
    expect(feed).toEqual([entry(150_000), entry(82_000, { kind: 'note.edited' }), entry(81_000, { actorId: 'bob' }), entry(80_000)]);
  });

  it('never coalesces creations or deletions', () => {
    const feed = addActivity(addActivity([], entry(0, { kind: 'note.created' })), entry(1, { kind: 'note.created' }));
    expect(feed).toHaveLength(2);
  });

  it('ignores an entry it has and one older than the entry it would replace, without changing its input', () => {
    const feed = [entry(5000)];
    expect(addActivity(feed, entry(5000))).toEqual(feed);
    expect(addActivity(feed, entry(4000))).toEqual(feed);
    addActivity(feed, entry(6000));
    expect(feed).toEqual([entry(5000)]);
  });
});
