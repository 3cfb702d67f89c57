import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Note, TrashedNote } from '../../contracts/boards';
import type { EventEnvelope } from '../../contracts/events';
import { NotesService } from '../src/notes/notes.service';
import { ApiUser } from './support/api';
import { type RedisServer, startRedis } from './support/redis-server';
import { SseClient } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';

const modes: Array<[string, boolean]> = [
  ['memory', false],
  ['redis', true],
];

describe.each(modes)('the trash (%s mode)', (_mode, useRedis) => {
  let redis: RedisServer | undefined;
  let pod: TestApp;
  let owner: ApiUser;
  let editor: ApiUser;
  let viewer: ApiUser;
  let stranger: ApiUser;
  const streams: SseClient[] = [];

  const stream = async (user: ApiUser, boardId: string): Promise<SseClient> => {
    const client = await SseClient.open(pod.url, { token: user.token, channels: [`board:${boardId}`] });
    streams.push(client);
    await client.waitForType('stream.ready');
    return client;
  };

  /** A board with the owner and two more members on it (`viewer` an editor until a test makes it a viewer). */
  const aBoard = async (): Promise<string> => {
    const board = await owner.createBoard('Retro');
    await owner.addMember(board.id, editor);
    await owner.addMember(board.id, viewer);
    return board.id;
  };

  /** Roles are the roles module's: the owner's PATCH is how a member becomes a viewer. */
  const makeViewer = async (boardId: string): Promise<void> => {
    await owner.api.patch(`/api/boards/${boardId}/members/${viewer.id}`).send({ role: 'viewer' }).expect(200);
  };

  const trashOf = async (user: ApiUser, boardId: string): Promise<TrashedNote[]> =>
    (await user.api.get(`/api/boards/${boardId}/trash`).expect(200)).body as TrashedNote[];

  beforeAll(async () => {
    redis = useRedis ? await startRedis() : undefined;
    pod = await startTestApp({ REDIS_URL: redis?.url, WRITE_RATE_LIMIT: '1000' });
    [owner, editor, viewer, stranger] = await Promise.all([
      ApiUser.register(pod.url, 'owner'),
      ApiUser.register(pod.url, 'editor'),
      ApiUser.register(pod.url, 'viewer'),
      ApiUser.register(pod.url, 'stranger'),
    ]);
  });

  afterEach(() => {
    for (const client of streams.splice(0)) {
      client.close();
    }
  });

  afterAll(async () => {
    await pod?.close();
    await redis?.stop();
  });

  it('keeps a deleted note in the trash, and restores it with its id for everyone', async () => {
    const boardId = await aBoard();
    const note = await editor.createNote(boardId, 'Keep the daily short');
    await editor.api.delete(`/api/boards/${boardId}/notes/${note.id}`).expect(204);

    const trash = await trashOf(viewer, boardId);
    expect(trash).toEqual([{ note, deletedBy: editor.id, deletedAt: expect.any(String), expiresAt: expect.any(String) }]);
    expect(Date.parse(trash[0].expiresAt) - Date.parse(trash[0].deletedAt)).toBe(30 * 24 * 3600 * 1000);
    expect((await owner.snapshot(boardId)).notes).toEqual([]);

    const watcher = await stream(viewer, boardId);
    const restored = (await editor.api.post(`/api/boards/${boardId}/trash/${note.id}/restore`).expect(201)).body as Note;
    expect(restored).toEqual({ ...note, version: note.version + 1, updatedAt: expect.any(String) });
    await watcher.waitForType('note.created');
    expect(watcher.ofType('note.created')[0].envelope).toEqual(
      expect.objectContaining({ userId: editor.id, data: { note: restored, restored: true } }),
    );
    expect((await viewer.snapshot(boardId)).notes).toEqual([restored]);
    await expect(trashOf(owner, boardId)).resolves.toEqual([]);

    const again = await editor.api.post(`/api/boards/${boardId}/trash/${note.id}/restore`).expect(404);
    expect(again.body).toEqual(expect.objectContaining({ statusCode: 404 }));
  });

  it('refuses to restore over a live note with the same id (409)', async () => {
    const boardId = await aBoard();
    const note = await owner.createNote(boardId, 'twice');
    await owner.api.delete(`/api/boards/${boardId}/notes/${note.id}`).expect(204);
    await owner.api.post(`/api/boards/${boardId}/trash/${note.id}/restore`).expect(201);
    await owner.api.delete(`/api/boards/${boardId}/notes/${note.id}`).expect(204);
    // An import may create a note under a chosen id: the id is taken again.
    const actor = { id: owner.id, username: owner.username, displayName: owner.username };
    await pod.app.get(NotesService).createNote(actor, boardId, { text: 'other', x: 1, y: 1, color: 'blue' }, note.id);
    await owner.api.post(`/api/boards/${boardId}/trash/${note.id}/restore`).expect(409);
  });

  it('lets viewers see the trash but not restore, and strangers neither', async () => {
    const boardId = await aBoard();
    await makeViewer(boardId);
    const note = await owner.createNote(boardId);
    await owner.api.delete(`/api/boards/${boardId}/notes/${note.id}`).expect(204);
    expect(await trashOf(viewer, boardId)).toHaveLength(1);
    await viewer.api.post(`/api/boards/${boardId}/trash/${note.id}/restore`).expect(403);
    await stranger.api.get(`/api/boards/${boardId}/trash`).expect(403);
    await stranger.api.post(`/api/boards/${boardId}/trash/${note.id}/restore`).expect(403);
    await stranger.api.delete(`/api/boards/${boardId}/trash`).expect(403);
    expect(await trashOf(owner, boardId)).toHaveLength(1);
  });

  it('does not restore a note of another board, nor from a board that does not exist', async () => {
    const boardId = await aBoard();
    const otherBoard = await aBoard();
    const note = await owner.createNote(otherBoard);
    await owner.api.delete(`/api/boards/${otherBoard}/notes/${note.id}`).expect(204);
    await owner.api.post(`/api/boards/${boardId}/trash/${note.id}/restore`).expect(404);
    await owner.api.post(`/api/boards/${boardId}/trash/${randomUUID()}/restore`).expect(404);
    await owner.api.get(`/api/boards/${randomUUID()}/trash`).expect(404);
    await owner.api.post(`/api/boards/${boardId}/trash/not-a-uuid/restore`).expect(400);
    expect(await trashOf(owner, otherBoard)).toHaveLength(1);
  });

  it('lets only the owner empty the trash, publishing trash.emptied', async () => {
    const boardId = await aBoard();
    for (const text of ['one', 'two']) {
      const note = await editor.createNote(boardId, text);
      await editor.api.delete(`/api/boards/${boardId}/notes/${note.id}`).expect(204);
    }
    expect((await trashOf(editor, boardId)).map((item) => item.note.text)).toEqual(['two', 'one']);
    await editor.api.delete(`/api/boards/${boardId}/trash`).expect(403);
    await viewer.api.delete(`/api/boards/${boardId}/trash`).expect(403);

    const watcher = await stream(editor, boardId);
    await owner.api.delete(`/api/boards/${boardId}/trash`).expect(204);
    await watcher.waitForType('trash.emptied');
    const event = watcher.ofType('trash.emptied')[0].envelope as EventEnvelope<'trash.emptied'>;
    expect(event).toEqual(expect.objectContaining({ userId: owner.id, data: { boardId } }));
    await expect(trashOf(editor, boardId)).resolves.toEqual([]);
  });

  it('tells in note.updated which fields a write changed, and in note.deleted what the note said', async () => {
    const boardId = await aBoard();
    const note = await editor.createNote(boardId, 'Move me');
    const watcher = await stream(owner, boardId);
    await editor.api.patch(`/api/boards/${boardId}/notes/${note.id}`).send({ x: 300, y: 20, text: 'Move me' }).expect(200);
    await editor.api.patch(`/api/boards/${boardId}/notes/${note.id}`).send({ color: 'pink' }).expect(200);
    await editor.api.delete(`/api/boards/${boardId}/notes/${note.id}`).expect(204);
    await watcher.waitForType('note.deleted');
    const updates = watcher.ofType('note.updated').map((event) => (event.envelope as EventEnvelope<'note.updated'>).data.changed);
    expect(updates).toEqual([['x'], ['color']]);
    expect(watcher.ofType('note.deleted')[0].envelope.data).toEqual({ boardId, noteId: note.id, noteText: 'Move me' });
  });
});
