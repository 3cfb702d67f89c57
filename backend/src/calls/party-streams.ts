/**
 * Port: which users have an SSE stream open right now, on any pod. Calls end with `connection_lost`
 * when a party has none for a grace period; a pod that died takes its streams with it.
 */
export abstract class PartyStreams {
  abstract opened(userId: string, connectionId: string): Promise<void>;
  abstract closed(userId: string, connectionId: string): Promise<void>;
  /** The users among `userIds` with at least one stream on a live pod. */
  abstract connected(userIds: readonly string[]): Promise<Set<string>>;
}
