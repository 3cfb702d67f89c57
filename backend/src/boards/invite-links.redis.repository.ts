import type { RedisClient } from '../redis/redis-client';
import { either, isString, oneOf, tuple } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import { type InviteLinkRecord, InviteLinksRepository, type UseResult } from './invite-links.repository';

// A board's links share its hash tag, so capping and counting uses are one script each. The token
// lookup lives on the token's own slot and never changes, so it is read before the script runs.
const linksKey = (boardId: string): string => `invite-links:{${boardId}}`;
const tokenKey = (tokenHash: string): string => `invite-link-token:{${tokenHash}}`;

/** A dead link is kept this long after expiry, so opening it answers 410 (expired) rather than 404. */
const KEEP_AFTER_EXPIRY_MS = 7 * 24 * 3600 * 1000;

/** KEYS: links. ARGV: link id, link JSON, max live links, now (ms), keep-after-expiry (ms). */
const CREATE = `
local now = tonumber(ARGV[4])
local live = 0
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local link = cjson.decode(all[i + 1])
  if link.expiresAt + tonumber(ARGV[5]) <= now then
    redis.call('HDEL', KEYS[1], all[i])
  elseif link.expiresAt > now and (link.maxUses == nil or link.uses < link.maxUses) then
    live = live + 1
  end
end
if live >= tonumber(ARGV[3]) then return 'full' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 'created'`;

/** KEYS: links. ARGV: link id, now (ms). */
const USE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return {'missing'} end
local link = cjson.decode(raw)
if link.expiresAt <= tonumber(ARGV[2]) then return {'expired'} end
if link.maxUses ~= nil and link.uses >= link.maxUses then return {'used_up'} end
link.uses = link.uses + 1
local encoded = cjson.encode(link)
redis.call('HSET', KEYS[1], ARGV[1], encoded)
return {'used', encoded}`;

const CREATE_SCRIPT = defineScript({ name: 'invite-links.create', keys: 1, reply: oneOf('created', 'full'), lua: CREATE });
const USE_SCRIPT = defineScript({
  name: 'invite-links.use',
  keys: 1,
  reply: either(tuple(oneOf('missing', 'expired', 'used_up')), tuple(oneOf('used'), isString)),
  lua: USE,
});

export class RedisInviteLinksRepository extends InviteLinksRepository {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  async create(link: InviteLinkRecord, maxLive: number, now: number): Promise<'created' | 'full'> {
    const result = await CREATE_SCRIPT.run(
      this.redis,
      [linksKey(link.boardId)],
      [link.id, JSON.stringify(link), maxLive, now, KEEP_AFTER_EXPIRY_MS],
    );
    if (result === 'created') {
      await this.redis.set(tokenKey(link.tokenHash), `${link.boardId}/${link.id}`, 'PXAT', link.expiresAt + KEEP_AFTER_EXPIRY_MS);
    }
    return result;
  }

  async findByTokenHash(tokenHash: string): Promise<InviteLinkRecord | undefined> {
    const target = await this.target(tokenHash);
    const raw = target && (await this.redis.hget(linksKey(target.boardId), target.linkId));
    return raw ? parse(raw) : undefined;
  }

  async listLive(boardId: string, now: number): Promise<InviteLinkRecord[]> {
    return Object.values(await this.redis.hgetall(linksKey(boardId)))
      .map(parse)
      .filter((link) => link.expiresAt > now && (link.maxUses === undefined || link.uses < link.maxUses))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async revoke(boardId: string, linkId: string): Promise<boolean> {
    const raw = await this.redis.hget(linksKey(boardId), linkId);
    if (!raw) {
      return false;
    }
    await this.redis.hdel(linksKey(boardId), linkId);
    await this.redis.del(tokenKey(parse(raw).tokenHash));
    return true;
  }

  async use(tokenHash: string, now: number): Promise<UseResult> {
    const target = await this.target(tokenHash);
    if (!target) {
      return { result: 'missing' };
    }
    const reply = await USE_SCRIPT.run(this.redis, [linksKey(target.boardId)], [target.linkId, now]);
    return reply[0] === 'used' ? { result: 'used', link: parse(reply[1]) } : { result: reply[0] };
  }

  async deleteBoard(boardId: string): Promise<void> {
    const links = Object.values(await this.redis.hgetall(linksKey(boardId))).map(parse);
    await this.redis.del(linksKey(boardId));
    await Promise.all(links.map((link) => this.redis.del(tokenKey(link.tokenHash))));
  }

  private async target(tokenHash: string): Promise<{ boardId: string; linkId: string } | undefined> {
    const value = await this.redis.get(tokenKey(tokenHash));
    const [boardId, linkId] = value?.split('/') ?? [];
    return boardId && linkId ? { boardId, linkId } : undefined;
  }
}

/** Lua's cjson writes keys in any order and drops none; this restores the one shape. */
function parse(raw: string): InviteLinkRecord {
  const link = JSON.parse(raw) as InviteLinkRecord;
  return {
    id: link.id,
    boardId: link.boardId,
    tokenHash: link.tokenHash,
    role: link.role,
    createdBy: link.createdBy,
    createdAt: link.createdAt,
    expiresAt: link.expiresAt,
    ...(typeof link.maxUses === 'number' ? { maxUses: link.maxUses } : {}),
    uses: link.uses,
  };
}
