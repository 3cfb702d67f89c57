import type Redis from 'ioredis';
import { RedisService } from '../redis/redis.service';
import { JobRecord, JobsRepository, StoredResult } from './jobs.repository';

const jobKey = (id: string): string => `jobs:{${id}}`;
const inputKey = (id: string): string => `jobs:{${id}}:input`;
const resultKey = (id: string): string => `jobs:{${id}}:result`;
const resultMetaKey = (id: string): string => `jobs:{${id}}:result-meta`;
const ownerKey = (ownerId: string): string => `user-jobs:{${ownerId}}`;
const INPUT_TTL_SECONDS = 24 * 3600;
const RECORD_TTL_SECONDS = 7 * 24 * 3600;

/** KEYS: job. ARGV: patch JSON, record ttl. Merges into a job that is not finished yet. */
const UPDATE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local job = cjson.decode(raw)
if job.status == 'completed' or job.status == 'failed' or job.status == 'cancelled' then return false end
for key, value in pairs(cjson.decode(ARGV[1])) do job[key] = value end
local encoded = cjson.encode(job)
redis.call('SET', KEYS[1], encoded, 'EX', ARGV[2])
return encoded`;

export class RedisJobsRepository extends JobsRepository {
  private readonly redis: Redis;

  constructor(redis: RedisService) {
    super();
    this.redis = redis.client;
  }

  async create(job: JobRecord): Promise<void> {
    await this.redis.set(jobKey(job.id), JSON.stringify(job), 'EX', RECORD_TTL_SECONDS);
    await this.redis.zadd(ownerKey(job.ownerId), Date.parse(job.createdAt), job.id);
    await this.redis.zremrangebyrank(ownerKey(job.ownerId), 0, -51);
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const raw = await this.redis.get(jobKey(id));
    return raw === null ? undefined : parse(raw);
  }

  async listFor(ownerId: string): Promise<JobRecord[]> {
    const ids = await this.redis.zrevrange(ownerKey(ownerId), 0, 49);
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(...ids.map(jobKey));
    return raws.filter((raw): raw is string => raw !== null).map(parse);
  }

  async update(id: string, patch: Partial<JobRecord>): Promise<JobRecord | undefined> {
    const raw = (await this.redis.eval(UPDATE, 1, jobKey(id), JSON.stringify(patch), RECORD_TTL_SECONDS)) as string | null;
    return raw === null ? undefined : parse(raw);
  }

  async finish(id: string, patch: Partial<JobRecord>): Promise<JobRecord | undefined> {
    return this.update(id, patch);
  }

  async saveInput(id: string, body: Buffer): Promise<void> {
    await this.redis.set(inputKey(id), body, 'EX', INPUT_TTL_SECONDS);
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
    if (!body || meta === null) return undefined;
    return { ...(JSON.parse(meta) as { fileName: string; contentType: string }), body };
  }
}

/** cjson turns empty arrays into objects; restore the report's shape. */
function parse(raw: string): JobRecord {
  const job = JSON.parse(raw) as JobRecord;
  if (job.report && !Array.isArray(job.report.failed)) job.report.failed = [];
  return job;
}
