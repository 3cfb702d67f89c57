import type { RedisClient } from '../redis/redis-client';
import type { AssignableRole, Note, NoteField, TrashedNote } from '../../../contracts/boards';
import { either, isNull, isString, oneOf, tuple } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import {
  type BoardRecord,
  type BoardNotesRepository,
  BoardsRepository,
  type NoteDeletion,
  type NotePatch,
  type NoteRestoreResult,
  type NoteUpdateResult,
  type TrashPolicy,
} from './boards.repository';

// A board's keys share the hash tag {<boardId>}, so the scripts below stay on one cluster slot.
const boardKey = (id: string): string => `boards:{${id}}`;
const membersKey = (id: string): string => `boards:{${id}}:members`;
const notesKey = (id: string): string => `boards:{${id}}:notes`;
/** Roles of members other than the owner: userId → 'editor' | 'viewer'. */
const rolesKey = (id: string): string => `boards:{${id}}:roles`;
/** Trashed notes by id (`{"note":…,"deletedAt":…,…}`), and their ids scored by deletion time (ms). */
const trashKey = (id: string): string => `boards:{${id}}:trash`;
const trashOrderKey = (id: string): string => `boards:{${id}}:trash:order`;
const userBoardsKey = (userId: string): string => `user-boards:{${userId}}`;

/** KEYS: board, members, roles. ARGV: userId, join time (ms), role. Scores strictly increase, so members keep join order. */
const ADD_MEMBER = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 'already' end
local score = tonumber(ARGV[2])
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
if last[2] and tonumber(last[2]) >= score then score = tonumber(last[2]) + 1 end
redis.call('ZADD', KEYS[2], score, ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
return 'added'`;

/** KEYS: board, members, roles. ARGV: userId, role. The owner is not in the roles hash and is refused. */
const SET_ROLE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 'absent' end
if redis.call('HGET', KEYS[1], 'ownerId') == ARGV[1] then return 'absent' end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
return 'updated'`;

/** KEYS: board, members, roles. ARGV: new owner's id. The old owner stays a member, as an editor. */
const TRANSFER_OWNERSHIP = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 'absent' end
local old = redis.call('HGET', KEYS[1], 'ownerId')
if old == ARGV[1] then return 'absent' end
redis.call('HSET', KEYS[1], 'ownerId', ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[3], old, 'editor')
return 'transferred'`;

/** KEYS: board, members, roles. ARGV: userId. */
const REMOVE_MEMBER = `
local exists = redis.call('EXISTS', KEYS[1])
local removed = redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if exists == 0 then return 'missing' end
if removed == 1 then return 'removed' end
return 'absent'`;

/** KEYS: board, notes. ARGV: note id, note JSON, max notes. */
const CREATE_NOTE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 'exists' end
if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[3]) then return 'full' end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 'created'`;

/** KEYS: notes. ARGV: note id, patch JSON, expected version ('' for none), updatedAt. */
const UPDATE_NOTE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return {'missing'} end
local note = cjson.decode(raw)
if ARGV[3] ~= '' and tonumber(ARGV[3]) ~= note.version then return {'conflict', raw} end
local changed = {}
for key, value in pairs(cjson.decode(ARGV[2])) do
  if note[key] ~= value then changed[#changed + 1] = key end
  note[key] = value
end
note.version = note.version + 1
note.updatedAt = ARGV[4]
local encoded = cjson.encode(note)
redis.call('HSET', KEYS[1], ARGV[1], encoded)
return {'updated', encoded, table.concat(changed, ',')}`;

/** Drops trashed notes deleted at or before ARGV[cutoff], then the oldest beyond ARGV[max]. KEYS[2]: trash, KEYS[3]: order. */
const PURGE_TRASH = `
local function purge(cutoff, max)
  local old = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', cutoff)
  for _, id in ipairs(old) do redis.call('HDEL', KEYS[2], id) end
  if #old > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', cutoff) end
  local over = redis.call('ZCARD', KEYS[3]) - tonumber(max)
  if over > 0 then
    local drop = redis.call('ZRANGE', KEYS[3], 0, over - 1)
    for _, id in ipairs(drop) do redis.call('HDEL', KEYS[2], id) end
    redis.call('ZREMRANGEBYRANK', KEYS[3], 0, over - 1)
  end
end`;

/**
 * KEYS: notes, trash, trash order. ARGV: note id, deletedBy, deletedAt, deletedAt (ms), expiresAt,
 * purge cutoff (ms), max trashed. The note is kept as stored, so it comes back exactly as it was.
 */
const DELETE_NOTE = `${PURGE_TRASH}
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
local record = '{"note":' .. raw .. ',"deletedBy":' .. cjson.encode(ARGV[2]) .. ',"deletedAt":' .. cjson.encode(ARGV[3])
  .. ',"expiresAt":' .. cjson.encode(ARGV[5]) .. '}'
redis.call('HSET', KEYS[2], ARGV[1], record)
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
purge(ARGV[6], ARGV[7])
return raw`;

/** KEYS: board, notes, trash, trash order. ARGV: note id, max notes, updatedAt, expiry cutoff (ms). */
const RESTORE_NOTE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'missing'} end
local raw = redis.call('HGET', KEYS[3], ARGV[1])
local score = redis.call('ZSCORE', KEYS[4], ARGV[1])
if not raw or not score or tonumber(score) <= tonumber(ARGV[4]) then return {'absent'} end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return {'exists'} end
if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[2]) then return {'full'} end
local note = cjson.decode(raw).note
note.version = note.version + 1
note.updatedAt = ARGV[3]
local encoded = cjson.encode(note)
redis.call('HSET', KEYS[2], ARGV[1], encoded)
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
return {'restored', encoded}`;

const ADD_MEMBER_SCRIPT = defineScript({
  name: 'boards.add-member',
  keys: 3,
  reply: oneOf('added', 'already', 'missing'),
  lua: ADD_MEMBER,
});
const SET_ROLE_SCRIPT = defineScript({ name: 'boards.set-role', keys: 3, reply: oneOf('updated', 'absent', 'missing'), lua: SET_ROLE });
const TRANSFER_OWNERSHIP_SCRIPT = defineScript({
  name: 'boards.transfer-ownership',
  keys: 3,
  reply: oneOf('transferred', 'absent', 'missing'),
  lua: TRANSFER_OWNERSHIP,
});
const REMOVE_MEMBER_SCRIPT = defineScript({
  name: 'boards.remove-member',
  keys: 3,
  reply: oneOf('removed', 'absent', 'missing'),
  lua: REMOVE_MEMBER,
});
const CREATE_NOTE_SCRIPT = defineScript({
  name: 'notes.create',
  keys: 2,
  reply: oneOf('created', 'exists', 'full', 'missing'),
  lua: CREATE_NOTE,
});
const UPDATE_NOTE_SCRIPT = defineScript({
  name: 'notes.update',
  keys: 1,
  reply: either(tuple(oneOf('missing')), tuple(oneOf('conflict'), isString), tuple(oneOf('updated'), isString, isString)),
  lua: UPDATE_NOTE,
});
const DELETE_NOTE_SCRIPT = defineScript({ name: 'notes.delete', keys: 3, reply: either(isString, isNull), lua: DELETE_NOTE });
const RESTORE_NOTE_SCRIPT = defineScript({
  name: 'notes.restore',
  keys: 4,
  reply: either(tuple(oneOf('missing', 'absent', 'exists', 'full')), tuple(oneOf('restored'), isString)),
  lua: RESTORE_NOTE,
});

/** The order note.updated lists changed fields in, whatever order Lua's table walk found them. */
const NOTE_FIELDS: readonly NoteField[] = ['text', 'x', 'y', 'color'];

export class RedisBoardsRepository extends BoardsRepository implements BoardNotesRepository {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  async createBoard(board: BoardRecord): Promise<void> {
    const score = Date.parse(board.createdAt);
    await this.redis
      .multi()
      .hset(boardKey(board.id), { id: board.id, title: board.title, ownerId: board.ownerId, createdAt: board.createdAt })
      .zadd(membersKey(board.id), ...board.memberIds.flatMap((id) => [score, id]))
      .del(rolesKey(board.id))
      .exec();
    const roles = Object.entries(board.roles ?? {});
    if (roles.length > 0) {
      await this.redis.hset(rolesKey(board.id), Object.fromEntries(roles));
    }
    // The per-user index lives on the user's slot; written after the board so it never points at nothing.
    await Promise.all(board.memberIds.map((id) => this.redis.zadd(userBoardsKey(id), score, board.id)));
  }

  async findBoard(boardId: string): Promise<BoardRecord | undefined> {
    const [[, hash], [, members], [, roles]] = (await this.redis
      .multi()
      .hgetall(boardKey(boardId))
      .zrange(membersKey(boardId), 0, -1)
      .hgetall(rolesKey(boardId))
      .exec()) as [[unknown, Record<string, string>], [unknown, string[]], [unknown, Record<string, AssignableRole>]];
    if (!hash.id) {
      return undefined;
    }
    return { id: hash.id, title: hash.title, ownerId: hash.ownerId, createdAt: hash.createdAt, memberIds: members, roles };
  }

  async listBoardsOf(userId: string): Promise<BoardRecord[]> {
    const ids = await this.redis.zrange(userBoardsKey(userId), 0, -1);
    const boards = await Promise.all(ids.map((id) => this.findBoard(id)));
    return boards.filter((board): board is BoardRecord => board !== undefined && board.memberIds.includes(userId));
  }

  async isMember(boardId: string, userId: string): Promise<boolean> {
    return (await this.redis.zscore(membersKey(boardId), userId)) !== null;
  }

  async addMember(boardId: string, userId: string, role: AssignableRole): Promise<'added' | 'already' | 'missing'> {
    const result = await ADD_MEMBER_SCRIPT.run(this.redis, this.memberKeys(boardId), [userId, Date.now(), role]);
    if (result !== 'missing') {
      await this.redis.zadd(userBoardsKey(userId), Date.now(), boardId);
    }
    return result;
  }

  async setRole(boardId: string, userId: string, role: AssignableRole): Promise<'updated' | 'absent' | 'missing'> {
    return SET_ROLE_SCRIPT.run(this.redis, this.memberKeys(boardId), [userId, role]);
  }

  async transferOwnership(boardId: string, newOwnerId: string): Promise<'transferred' | 'absent' | 'missing'> {
    return TRANSFER_OWNERSHIP_SCRIPT.run(this.redis, this.memberKeys(boardId), [newOwnerId]);
  }

  async removeMember(boardId: string, userId: string): Promise<'removed' | 'absent' | 'missing'> {
    const result = await REMOVE_MEMBER_SCRIPT.run(this.redis, this.memberKeys(boardId), [userId]);
    // The user's own index lives on their slot; listBoardsOf also checks membership, so a lag here shows nothing.
    await this.redis.zrem(userBoardsKey(userId), boardId);
    return result;
  }

  private memberKeys(boardId: string): string[] {
    return [boardKey(boardId), membersKey(boardId), rolesKey(boardId)];
  }

  async deleteBoard(boardId: string): Promise<BoardRecord | undefined> {
    const board = await this.findBoard(boardId);
    if (!board) {
      return undefined;
    }
    await this.redis.del(
      boardKey(boardId),
      membersKey(boardId),
      notesKey(boardId),
      rolesKey(boardId),
      trashKey(boardId),
      trashOrderKey(boardId),
    );
    await Promise.all(board.memberIds.map((id) => this.redis.zrem(userBoardsKey(id), boardId)));
    return board;
  }

  async listNotes(boardId: string): Promise<Note[]> {
    return Object.values(await this.redis.hgetall(notesKey(boardId))).map(parseNote);
  }

  async countNotes(boardId: string): Promise<number> {
    return this.redis.hlen(notesKey(boardId));
  }

  async hasNote(boardId: string, noteId: string): Promise<boolean> {
    return (await this.redis.hexists(notesKey(boardId), noteId)) === 1;
  }

  async createNote(note: Note, maxNotes: number): Promise<'created' | 'exists' | 'full' | 'missing'> {
    return CREATE_NOTE_SCRIPT.run(this.redis, [boardKey(note.boardId), notesKey(note.boardId)], [note.id, JSON.stringify(note), maxNotes]);
  }

  async updateNote(
    boardId: string,
    noteId: string,
    patch: NotePatch,
    expectedVersion: number | undefined,
    updatedAt: string,
  ): Promise<NoteUpdateResult> {
    const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    const reply = await UPDATE_NOTE_SCRIPT.run(
      this.redis,
      [notesKey(boardId)],
      [noteId, JSON.stringify(defined), expectedVersion === undefined ? '' : String(expectedVersion), updatedAt],
    );
    if (reply[0] === 'missing') {
      return { status: 'missing' };
    }
    if (reply[0] === 'conflict') {
      return { status: 'conflict', note: parseNote(reply[1]) };
    }
    const changed = new Set(reply[2].split(','));
    return { status: 'updated', note: parseNote(reply[1]), changed: NOTE_FIELDS.filter((field) => changed.has(field)) };
  }

  async deleteNote(boardId: string, noteId: string, deletion: NoteDeletion, policy: TrashPolicy): Promise<Note | undefined> {
    const deletedAt = Date.parse(deletion.deletedAt);
    const raw = await DELETE_NOTE_SCRIPT.run(
      this.redis,
      [notesKey(boardId), trashKey(boardId), trashOrderKey(boardId)],
      [
        noteId,
        deletion.deletedBy,
        deletion.deletedAt,
        deletedAt,
        new Date(deletedAt + policy.retentionMs).toISOString(),
        deletedAt - policy.retentionMs,
        policy.maxNotes,
      ],
    );
    return raw === null ? undefined : parseNote(raw);
  }

  async listTrash(boardId: string, now: number, policy: TrashPolicy): Promise<TrashedNote[]> {
    const cutoff = now - policy.retentionMs;
    return Object.values(await this.redis.hgetall(trashKey(boardId)))
      .map(parseTrashed)
      .filter((item) => Date.parse(item.deletedAt) > cutoff)
      .sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
  }

  async restoreNote(
    boardId: string,
    noteId: string,
    maxNotes: number,
    updatedAt: string,
    now: number,
    policy: TrashPolicy,
  ): Promise<NoteRestoreResult> {
    const reply = await RESTORE_NOTE_SCRIPT.run(
      this.redis,
      [boardKey(boardId), notesKey(boardId), trashKey(boardId), trashOrderKey(boardId)],
      [noteId, maxNotes, updatedAt, now - policy.retentionMs],
    );
    return reply[0] === 'restored' ? { status: 'restored', note: parseNote(reply[1]) } : { status: reply[0] };
  }

  async emptyTrash(boardId: string): Promise<number> {
    const [[, count]] = (await this.redis.multi().hlen(trashKey(boardId)).del(trashKey(boardId), trashOrderKey(boardId)).exec()) as [
      [unknown, number],
      [unknown, number],
    ];
    return count;
  }
}

function parseTrashed(raw: string): TrashedNote {
  const item = JSON.parse(raw) as TrashedNote;
  return { note: toNote(item.note), deletedAt: item.deletedAt, deletedBy: item.deletedBy, expiresAt: item.expiresAt };
}

/** Lua's cjson writes the note back with keys in any order; this restores the one shape. */
function parseNote(raw: string): Note {
  return toNote(JSON.parse(raw) as Note);
}

function toNote(note: Note): Note {
  return {
    id: note.id,
    boardId: note.boardId,
    text: note.text,
    x: note.x,
    y: note.y,
    color: note.color,
    version: note.version,
    createdBy: note.createdBy,
    updatedAt: note.updatedAt,
  };
}
