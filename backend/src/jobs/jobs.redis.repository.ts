import type { RedisClient } from '../redis/redis-client';
import { either, isNull, isString, oneOf } from '../redis/redis-reply';
import { defineScript } from '../redis/redis-script';
import { type RedisService } from '../redis/redis.service';
import { type JobRecord, JobsRepository, type StoredResult, TERMINAL } from './jobs.repository';

// A job's keys share the hash tag {<jobId>} (saveResult's MULTI writes three of them), an owner's
// keys share {<ownerId>}: jobs and owners spread over the cluster, and nothing touches both at once.
const jobKey = (id: string): string => `jobs:{${id}}`;
const inputKey = (id: string): string => `jobs:{${id}}:input`;
const resultKey = (id: string): string => `jobs:{${id}}:result`;
const resultMetaKey = (id: string): string => `jobs:{${id}}:result-meta`;
const ownerKey = (ownerId: string): string => `user-jobs:{${ownerId}}`;
/** Queued or running job ids of one owner, scored by when their place was taken. */
const activeKey = (ownerId: string): string => `user-jobs:{${ownerId}}:active`;
const INPUT_TTL_SECONDS = 24 * 3600;
const RECORD_TTL_SECONDS = 7 * 24 * 3600;
/** A place younger than this may belong to a job still being written: never pruned. */
const ACTIVE_PRUNE_AFTER_MS = 60_000;

/** KEYS: job. ARGV: patch JSON, record ttl. Merges into a job that is not finished yet. */
const UPDATE = defineScript({
  name: 'jobs.update',
  keys: 1,
  reply: either(isString, isNull),
  lua: `
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local job = cjson.decode(raw)
if job.status == 'completed' or job.status == 'failed' or job.status == 'cancelled' then return false end
for key, value in pairs(cjson.decode(ARGV[1])) do job[key] = value end
local encoded = cjson.encode(job)
redis.call('SET', KEYS[1], encoded, 'EX', ARGV[2])
return encoded`,
});

/** KEYS: owner's active set. ARGV: job id, now (ms), max, ttl. Takes a place unless the owner has max. */
const RESERVE = defineScript({
  name: 'jobs.reserve',
  keys: 1,
  reply: oneOf(0, 1),
  lua: `
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1`,
});

export class RedisJobsRepository extends JobsRepository {
  private readonly redis: RedisClient;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  async create(job: JobRecord, maxActive: number, input?: Buffer): Promise<boolean> {
    // A place left behind by a pod that died mid-write is taken back once, then the owner tries again.
    let reserved = await this.reserve(job, maxActive);
    if (!reserved && (await this.countActive(job.ownerId)) < maxActive) {
      reserved = await this.reserve(job, maxActive);
    }
    if (!reserved) {
      return false;
    }
    // The input goes first: a job visible (and so cancellable) without it could leave it behind.
    if (input) {
      await this.redis.set(inputKey(job.id), input, 'EX', INPUT_TTL_SECONDS);
    }
    await this.redis.set(jobKey(job.id), JSON.stringify(job), 'EX', RECORD_TTL_SECONDS);
    await this.redis.zadd(ownerKey(job.ownerId), Date.parse(job.createdAt), job.id);
    await this.redis.zremrangebyrank(ownerKey(job.ownerId), 0, -51);
    return true;
  }

  /** Counts the owner's places, first giving back those whose job has ended or expired. */
  async countActive(ownerId: string): Promise<number> {
    const entries = await this.redis.zrange(activeKey(ownerId), 0, -1, 'WITHSCORES');
    if (entries.length === 0) {
      return 0;
    }
    const ids = entries.filter((_, index) => index % 2 === 0);
    const raws = await this.records(ids);
    const stale = ids.filter((id, index) => {
      const takenAt = Number(entries[index * 2 + 1]);
      const raw = raws[index];
      return Date.now() - takenAt > ACTIVE_PRUNE_AFTER_MS && (raw === null || TERMINAL.has(parse(raw).status));
    });
    if (stale.length > 0) {
      await this.redis.zrem(activeKey(ownerId), ...stale);
    }
    return ids.length - stale.length;
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const raw = await this.redis.get(jobKey(id));
    return raw === null ? undefined : parse(raw);
  }

  async listFor(ownerId: string): Promise<JobRecord[]> {
    const ids = await this.redis.zrevrange(ownerKey(ownerId), 0, 49);
    if (ids.length === 0) {
      return [];
    }
    const raws = await this.records(ids);
    return raws.filter((raw): raw is string => raw !== null).map(parse);
  }

  async update(id: string, patch: Partial<JobRecord>): Promise<JobRecord | undefined> {
    const raw = await UPDATE.run(this.redis, [jobKey(id)], [JSON.stringify(patch), RECORD_TTL_SECONDS]);
    return raw === null ? undefined : parse(raw);
  }

  async finish(id: string, patch: Partial<JobRecord>): Promise<JobRecord | undefined> {
    const finished = await this.update(id, patch);
    // Every end frees the upload and the owner's place, not only success. Separate commands:
    // the keys live in different slots.
    await Promise.all([this.redis.del(inputKey(id)), finished ? this.redis.zrem(activeKey(finished.ownerId), id) : undefined]);
    return finished;
  }

  async loadInput(id: string): Promise<Buffer | undefined> {
    return (await this.redis.getBuffer(inputKey(id))) ?? undefined;
  }

  async saveResult(id: string, result: StoredResult, ttlSeconds: number): Promise<void> {
    await this.redis
      .multi()
      .set(resultKey(id), result.body, 'EX', ttlSeconds)
      .set(resultMetaKey(id), JSON.stringify({ fileName: result.fileName, contentType: result.contentType }), 'EX', ttlSeconds)
      .del(inputKey(id))
      .exec();
  }

  async loadResult(id: string): Promise<StoredResult | undefined> {
    const [body, meta] = await Promise.all([this.redis.getBuffer(resultKey(id)), this.redis.get(resultMetaKey(id))]);
    if (!body || meta === null) {
      return undefined;
    }
    return { ...(JSON.parse(meta) as { fileName: string; contentType: string }), body };
  }

  /** One GET per job, not an MGET: on a cluster each job lives on its own slot. */
  private async records(ids: readonly string[]): Promise<Array<string | null>> {
    return Promise.all(ids.map((id) => this.redis.get(jobKey(id))));
  }

  private async reserve(job: JobRecord, maxActive: number): Promise<boolean> {
    return (await RESERVE.run(this.redis, [activeKey(job.ownerId)], [job.id, Date.now(), maxActive, RECORD_TTL_SECONDS])) === 1;
  }
}

/** cjson turns empty arrays into objects; restore the report's shape. */
function parse(raw: string): JobRecord {
  const job = JSON.parse(raw) as JobRecord;
  if (job.report && !Array.isArray(job.report.failed)) {
    job.report.failed = [];
  }
  return job;
}
