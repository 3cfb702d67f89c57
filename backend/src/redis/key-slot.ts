import calculateSlot from 'cluster-key-slot';

/** The Redis Cluster slot a key (or shard channel) lives on, by the same rule as Redis: CRC16 of its {hash tag}. */
export function keySlot(key: string): number {
  return calculateSlot(key);
}
