import { PartyStreams } from './party-streams';

/** One process: a stream is open until it closes, and the pod cannot die without the calls. */
export class MemoryPartyStreams extends PartyStreams {
  private readonly streams = new Map<string, Set<string>>();

  async opened(userId: string, connectionId: string): Promise<void> {
    const mine = this.streams.get(userId) ?? new Set<string>();
    mine.add(connectionId);
    this.streams.set(userId, mine);
  }

  async closed(userId: string, connectionId: string): Promise<void> {
    const mine = this.streams.get(userId);
    mine?.delete(connectionId);
    if (mine?.size === 0) {
      this.streams.delete(userId);
    }
  }

  async connected(userIds: readonly string[]): Promise<Set<string>> {
    return new Set(userIds.filter((userId) => this.streams.has(userId)));
  }
}
