import { type AppConfig } from '../config/app-config';
import { compareIds } from '../events/stream-id';
import { type AttachmentRecord, AttachmentsRepository, type ClaimOutcome } from './attachments.repository';

export class MemoryAttachmentsRepository extends AttachmentsRepository {
  private readonly records = new Map<string, AttachmentRecord>();
  private readonly unsentUntil = new Map<string, number>();
  private readonly used = new Map<string, number>();
  private readonly carried = new Map<string, { messageId: string; id: string }[]>();

  // The factory hands every memory adapter the config.
  constructor(_config?: AppConfig) {
    super();
  }

  async create(record: AttachmentRecord, unsentUntilMs: number): Promise<void> {
    this.records.set(record.id, { ...record });
    this.unsentUntil.set(record.id, unsentUntilMs);
  }

  async find(id: string): Promise<AttachmentRecord | undefined> {
    const record = this.records.get(id);
    return record && { ...record };
  }

  async claim(id: string, uploaderId: string, roomId: string): Promise<ClaimOutcome> {
    const record = this.records.get(id);
    if (!record || record.uploaderId !== uploaderId || record.roomId !== roomId) {
      return 'unusable';
    }
    if (record.sent) {
      return 'already_sent';
    }
    record.sent = true;
    this.unsentUntil.delete(id);
    return 'claimed';
  }

  async unclaim(id: string, unsentUntilMs: number): Promise<void> {
    const record = this.records.get(id);
    if (record) {
      record.sent = false;
      this.unsentUntil.set(id, unsentUntilMs);
    }
  }

  async delete(id: string): Promise<AttachmentRecord | undefined> {
    const record = this.records.get(id);
    this.records.delete(id);
    this.unsentUntil.delete(id);
    return record;
  }

  async deleteIfUnsent(id: string): Promise<AttachmentRecord | undefined> {
    if (this.records.get(id)?.sent) {
      this.unsentUntil.delete(id);
      return undefined;
    }
    return this.delete(id);
  }

  async idsInRoom(roomId: string): Promise<string[]> {
    return [...this.records.values()].filter((record) => record.roomId === roomId).map((record) => record.id);
  }

  async carry(roomId: string, messageId: string, ids: readonly string[]): Promise<void> {
    this.carried.set(roomId, [...(this.carried.get(roomId) ?? []), ...ids.map((id) => ({ messageId, id }))]);
  }

  async takeCarriedBefore(roomId: string, messageId?: string): Promise<string[]> {
    const all = this.carried.get(roomId) ?? [];
    const isTaken = (entry: { messageId: string }): boolean => messageId === undefined || compareIds(entry.messageId, messageId) < 0;
    const kept = all.filter((entry) => !isTaken(entry));
    if (kept.length > 0) {
      this.carried.set(roomId, kept);
    } else {
      this.carried.delete(roomId);
    }
    return all.filter(isTaken).map((entry) => entry.id);
  }

  async dueUnsent(nowMs: number, limit: number): Promise<string[]> {
    return [...this.unsentUntil.entries()]
      .filter(([, until]) => until <= nowMs)
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit)
      .map(([id]) => id);
  }

  async reserveQuota(userId: string, bytes: number, quotaBytes: number): Promise<boolean> {
    const used = this.used.get(userId) ?? 0;
    if (used + bytes > quotaBytes) {
      return false;
    }
    this.used.set(userId, used + bytes);
    return true;
  }

  async releaseQuota(userId: string, bytes: number): Promise<void> {
    const left = (this.used.get(userId) ?? 0) - bytes;
    if (left > 0) {
      this.used.set(userId, left);
    } else {
      this.used.delete(userId);
    }
  }

  async usedQuota(userId: string): Promise<number> {
    return this.used.get(userId) ?? 0;
  }
}
