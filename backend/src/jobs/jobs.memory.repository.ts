import { JobRecord, JobsRepository, StoredResult, TERMINAL } from './jobs.repository';

export class MemoryJobsRepository extends JobsRepository {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly inputs = new Map<string, Buffer>();
  private readonly results = new Map<string, { result: StoredResult; expiresAt: number }>();

  async create(job: JobRecord): Promise<void> {
    this.jobs.set(job.id, structuredClone(job));
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const job = this.jobs.get(id);
    return job && structuredClone(job);
  }

  async listFor(ownerId: string): Promise<JobRecord[]> {
    return [...this.jobs.values()]
      .filter((job) => job.ownerId === ownerId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, 50)
      .map((job) => structuredClone(job));
  }

  async update(id: string, patch: Partial<JobRecord>): Promise<JobRecord | undefined> {
    const job = this.jobs.get(id);
    if (!job || TERMINAL.has(job.status)) return undefined;
    Object.assign(job, patch);
    return structuredClone(job);
  }

  async finish(id: string, patch: Partial<JobRecord>): Promise<JobRecord | undefined> {
    return this.update(id, patch);
  }

  async saveInput(id: string, body: Buffer): Promise<void> {
    this.inputs.set(id, body);
  }

  async loadInput(id: string): Promise<Buffer | undefined> {
    return this.inputs.get(id);
  }

  async saveResult(id: string, result: StoredResult, ttlSeconds: number): Promise<void> {
    this.inputs.delete(id);
    this.results.set(id, { result, expiresAt: Date.now() + ttlSeconds * 1000 });
    // Expired results are dropped as they are found; this keeps one process from growing for ever.
    for (const [key, entry] of this.results) if (entry.expiresAt <= Date.now()) this.results.delete(key);
  }

  async loadResult(id: string): Promise<StoredResult | undefined> {
    const entry = this.results.get(id);
    return entry && entry.expiresAt > Date.now() ? entry.result : undefined;
  }
}
