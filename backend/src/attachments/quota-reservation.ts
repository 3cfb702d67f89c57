import { QuotaExceededError } from './attachments.errors';
import type { AttachmentsRepository } from './attachments.repository';

// Reserved ahead in steps, so a 10 MB upload costs ten round trips, not one per chunk.
const STEP = 1024 * 1024;

/**
 * One upload's share of its user's quota, reserved atomically as bytes arrive: parallel uploads
 * each hold what they reserved, so together they can never pass the quota.
 */
export class QuotaReservation {
  private reserved = 0;

  constructor(
    private readonly repo: AttachmentsRepository,
    private readonly userId: string,
    private readonly quotaBytes: number,
  ) {}

  async ensure(total: number): Promise<void> {
    if (total <= this.reserved) {
      return;
    }
    const needed = total - this.reserved;
    // A whole step when there is room for it, else exactly what is needed: near the quota a
    // small file must still fit.
    for (const bytes of needed < STEP ? [STEP, needed] : [needed]) {
      if (await this.repo.reserveQuota(this.userId, bytes, this.quotaBytes)) {
        this.reserved += bytes;
        return;
      }
    }
    throw new QuotaExceededError(this.quotaBytes);
  }

  /** Keeps exactly `bytes` (the stored size) and gives back the rest. */
  async settle(bytes: number): Promise<void> {
    await this.ensure(bytes);
    if (this.reserved > bytes) {
      await this.repo.releaseQuota(this.userId, this.reserved - bytes);
      this.reserved = bytes;
    }
  }

  async releaseAll(): Promise<void> {
    if (this.reserved > 0) {
      const bytes = this.reserved;
      this.reserved = 0;
      await this.repo.releaseQuota(this.userId, bytes);
    }
  }
}
