import type { PresenceStatus, PresentUser } from '../../../contracts/presence';
import { type AppConfig } from '../config/app-config';
import { type PresenceLeave, type PresenceMember, PresenceStore } from './presence.store';

/** One process: the same counting and grace period, no pods to lose. */
export class MemoryPresenceStore extends PresenceStore {
  readonly podId = 'local';
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly present = new Map<string, Map<string, PresentUser>>();
  private readonly leaving = new Map<string, { boardId: string; userId: string; at: number }>();
  private readonly statuses = new Map<string, PresenceStatus>();
  private readonly graceMs: number;

  constructor(config: AppConfig) {
    super();
    this.graceMs = config.presenceGraceMs;
  }

  async join(boardId: string, member: PresenceMember): Promise<PresentUser | undefined> {
    const counts = this.mapOf(this.counts, boardId);
    const count = (counts.get(member.userId) ?? 0) + 1;
    counts.set(member.userId, count);
    if (count !== 1) {
      return undefined;
    }
    // Back within the grace period: still present, nothing to announce.
    if (this.leaving.delete(`${boardId}|${member.userId}`)) {
      return undefined;
    }
    const present = this.mapOf(this.present, boardId);
    if (present.has(member.userId)) {
      return undefined;
    }
    const user: PresentUser = { ...member, since: new Date().toISOString(), status: this.statuses.get(member.userId) ?? 'online' };
    present.set(member.userId, user);
    return { ...user };
  }

  async leave(boardId: string, userId: string, _connectionId: string, graceMs = this.graceMs): Promise<void> {
    const counts = this.counts.get(boardId);
    const count = (counts?.get(userId) ?? 0) - 1;
    if (count > 0) {
      return void counts!.set(userId, count);
    }
    counts?.delete(userId);
    this.leaving.set(`${boardId}|${userId}`, { boardId, userId, at: Date.now() + graceMs });
  }

  async purgeBoard(boardId: string): Promise<void> {
    this.counts.delete(boardId);
    this.present.delete(boardId);
    for (const [key, pending] of this.leaving) {
      if (pending.boardId === boardId) {
        this.leaving.delete(key);
      }
    }
  }

  async sweep(): Promise<PresenceLeave[]> {
    const now = Date.now();
    const left: PresenceLeave[] = [];
    for (const [key, pending] of this.leaving) {
      if (pending.at > now) {
        continue;
      }
      this.leaving.delete(key);
      if ((this.counts.get(pending.boardId)?.get(pending.userId) ?? 0) > 0) {
        continue;
      }
      if (this.present.get(pending.boardId)?.delete(pending.userId)) {
        left.push({ boardId: pending.boardId, userId: pending.userId });
      }
    }
    return left;
  }

  async list(boardId: string): Promise<PresentUser[]> {
    return [...(this.present.get(boardId)?.values() ?? [])].map((user) => ({ ...user }));
  }

  async setStatus(userId: string, status: PresenceStatus): Promise<string[]> {
    this.statuses.set(userId, status);
    const boards: string[] = [];
    for (const [boardId, users] of this.present) {
      const user = users.get(userId);
      if (user && user.status !== status) {
        user.status = status;
        boards.push(boardId);
      }
    }
    return boards;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  private mapOf<V>(maps: Map<string, Map<string, V>>, key: string): Map<string, V> {
    let map = maps.get(key);
    if (!map) {
      map = new Map();
      maps.set(key, map);
    }
    return map;
  }
}
