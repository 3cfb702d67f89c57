import { type JobRecord, JobsRepository, type StoredResult, TERMINAL } from './jobs.repository';

export class MemoryJobsRepository extends JobsRepository {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly inputs = new Map<string, Buffer>();
  private readonly results = new Map<string, { result: StoredResult; expiresAt: number }>();
  /** Queued or running job ids per owner. */
  private readonly active = new Map<string, Set<string>>();

  async create(job: JobRecord, maxActive: number, input?: Buffer): Promise<boolean> {
    const active = this.active.get(job.ownerId) ?? new Set<string>();
    if (active.size >= maxActive) {
      return false;
    }
    active.add(job.id);
    this.active.set(job.ownerId, active);
    if (input) {
      this.inputs.set(job.id, input);
    }
    this.jobs.set(job.id, structuredClone(job));
    return true;
  }

  async countActive(ownerId: string): Promise<number> {
    return this.active.get(ownerId)?.size ?? 0;
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
    if (!job || TERMINAL.has(job.status)) {
      return undefined;
    }
    Object.assign(job, patch);
    return structuredClone(job);
  }

  async finish(id: string, patch: Partial<JobRecord>): Promise<JobRecord | undefined> {
    const finished = await this.update(id, patch);
    if (finished) {
      // Every end frees the upload, not only success: cancelled and failed imports held theirs for good.
      this.inputs.delete(id);
      const active = this.active.get(finished.ownerId);
      active?.delete(id);
      if (active?.size === 0) {
        this.active.delete(finished.ownerId);
      }
    }
    return finished;
  }

  async loadInput(id: string): Promise<Buffer | undefined> {
    return this.inputs.get(id);
  }

  /** Bytes of uploads held: what a cancelled or failed import must give back. */
  get inputBytes(): number {
    let bytes = 0;
    for (const input of this.inputs.values()) {
      bytes += input.byteLength;
    }
    return bytes;
  }

  async saveResult(id: string, result: StoredResult, ttlSeconds: number): Promise<void> {
    this.inputs.delete(id);
    this.results.set(id, { result, expiresAt: Date.now() + ttlSeconds * 1000 });
    // Expired results are dropped as they are found; this keeps one process from growing for ever.
    for (const [key, entry] of this.results) {
      if (entry.expiresAt <= Date.now()) {
        this.results.delete(key);
      }
    }
  }

  async loadResult(id: string): Promise<StoredResult | undefined> {
    const entry = this.results.get(id);
    return entry && entry.expiresAt > Date.now() ? entry.result : undefined;
  }
}
