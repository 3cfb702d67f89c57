import { type AssignableRole, INVITATION_TTL_DAYS } from '../../../contracts/boards';
import type { RedisClient } from '../redis/redis-client';
import { either, isNull, isString, oneOf, tuple } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import { type InvitationRecord, InvitationsRepository, type SettledStatus } from './invitations.repository';

// Each invitation is one key, so settling it is one atomic step; the indexes beside it are only hints
// (every read checks the record's own status), so they may lag without letting anything through.
const invitationKey = (id: string): string => `invitation:{${id}}`;
/** inviteeId → id of the board's pending invitation for them. */
const boardIndexKey = (boardId: string): string => `board-invitations:{${boardId}}`;
const userIndexKey = (userId: string): string => `user-invitations:{${userId}}`;

/** Settled records stay a while after expiry, so a late accept is answered 409/410, not 404. */
const RECORD_TTL_MS = (INVITATION_TTL_DAYS + 7) * 24 * 3600 * 1000;

/** KEYS: invitation. ARGV: new status. */
const SETTLE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return {'missing'} end
local invitation = cjson.decode(raw)
if invitation.status ~= 'pending' then return {'not_pending', raw} end
invitation.status = ARGV[1]
local encoded = cjson.encode(invitation)
redis.call('SET', KEYS[1], encoded, 'KEEPTTL')
return {'settled', encoded}`;

/** KEYS: invitation. ARGV: role. */
const SET_ROLE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local invitation = cjson.decode(raw)
if invitation.status ~= 'pending' then return false end
invitation.role = ARGV[1]
local encoded = cjson.encode(invitation)
redis.call('SET', KEYS[1], encoded, 'KEEPTTL')
return encoded`;

const SETTLE_SCRIPT = defineScript({
  name: 'invitations.settle',
  keys: 1,
  reply: either(tuple(oneOf('missing')), tuple(oneOf('settled', 'not_pending'), isString)),
  lua: SETTLE,
});
const SET_ROLE_SCRIPT = defineScript({ name: 'invitations.set-role', keys: 1, reply: either(isString, isNull), lua: SET_ROLE });

export class RedisInvitationsRepository extends InvitationsRepository {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  async create(invitation: InvitationRecord): Promise<void> {
    await this.redis.set(invitationKey(invitation.id), JSON.stringify(invitation), 'PX', RECORD_TTL_MS);
    await this.redis.hset(boardIndexKey(invitation.boardId), invitation.inviteeId, invitation.id);
    await this.redis.sadd(userIndexKey(invitation.inviteeId), invitation.id);
  }

  async find(id: string): Promise<InvitationRecord | undefined> {
    const raw = await this.redis.get(invitationKey(id));
    return raw === null ? undefined : parse(raw);
  }

  async findPending(boardId: string, inviteeId: string): Promise<InvitationRecord | undefined> {
    const id = await this.redis.hget(boardIndexKey(boardId), inviteeId);
    const invitation = id === null ? undefined : await this.find(id);
    return invitation?.status === 'pending' ? invitation : undefined;
  }

  async setRole(id: string, role: AssignableRole): Promise<InvitationRecord | undefined> {
    const raw = await SET_ROLE_SCRIPT.run(this.redis, [invitationKey(id)], [role]);
    return raw === null ? undefined : parse(raw);
  }

  async settle(id: string, status: SettledStatus) {
    const reply = await SETTLE_SCRIPT.run(this.redis, [invitationKey(id)], [status]);
    if (reply[0] === 'missing') {
      return { result: 'missing' } as const;
    }
    const invitation = parse(reply[1]);
    if (reply[0] === 'settled') {
      await this.unindex(invitation);
      return { result: 'settled', invitation } as const;
    }
    return { result: 'not_pending', invitation } as const;
  }

  async listPendingForBoard(boardId: string): Promise<InvitationRecord[]> {
    const ids = await this.redis.hvals(boardIndexKey(boardId));
    return this.pendingOf(ids);
  }

  async listPendingForUser(userId: string): Promise<InvitationRecord[]> {
    const ids = await this.redis.smembers(userIndexKey(userId));
    const found = await Promise.all(ids.map(async (id) => ({ id, invitation: await this.find(id) })));
    const gone = found.filter(({ invitation }) => invitation === undefined || invitation.status !== 'pending').map(({ id }) => id);
    if (gone.length > 0) {
      await this.redis.srem(userIndexKey(userId), ...gone);
    }
    return sorted(found.flatMap(({ invitation }) => (invitation?.status === 'pending' ? [invitation] : [])));
  }

  async deleteBoard(boardId: string): Promise<void> {
    const index = await this.redis.hgetall(boardIndexKey(boardId));
    await this.redis.del(boardIndexKey(boardId));
    await Promise.all(
      Object.entries(index).map(async ([inviteeId, id]) => {
        await this.redis.del(invitationKey(id));
        await this.redis.srem(userIndexKey(inviteeId), id);
      }),
    );
  }

  private async pendingOf(ids: string[]): Promise<InvitationRecord[]> {
    const found = await Promise.all(ids.map((id) => this.find(id)));
    return sorted(found.filter((invitation): invitation is InvitationRecord => invitation?.status === 'pending'));
  }

  private async unindex(invitation: InvitationRecord): Promise<void> {
    const index = boardIndexKey(invitation.boardId);
    // Only if it is still this invitation's entry: a newer one for the same invitee stays.
    if ((await this.redis.hget(index, invitation.inviteeId)) === invitation.id) {
      await this.redis.hdel(index, invitation.inviteeId);
    }
    await this.redis.srem(userIndexKey(invitation.inviteeId), invitation.id);
  }
}

/** Lua's cjson writes keys in any order; this restores the one shape. */
function parse(raw: string): InvitationRecord {
  const record = JSON.parse(raw) as InvitationRecord;
  return {
    id: record.id,
    boardId: record.boardId,
    boardTitle: record.boardTitle,
    inviteeId: record.inviteeId,
    invitedById: record.invitedById,
    role: record.role,
    status: record.status,
    createdAt: record.createdAt,
  };
}

function sorted(invitations: InvitationRecord[]): InvitationRecord[] {
  return invitations.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
