/** Reading the answers of CLUSTER SLOTS and INFO, as plain data the harness can compare. */

export const SLOT_COUNT = 16_384;

export interface ClusterNodeRef {
  readonly port: number;
  readonly nodeId: string;
}

export interface SlotRange {
  readonly start: number;
  readonly end: number;
  readonly master: ClusterNodeRef;
  readonly replicas: readonly ClusterNodeRef[];
}

function nodeRef(entry: unknown): ClusterNodeRef {
  if (!Array.isArray(entry) || typeof entry[1] !== 'number' || typeof entry[2] !== 'string') {
    throw new Error(`unexpected node in CLUSTER SLOTS: ${JSON.stringify(entry)}`);
  }
  return { port: entry[1], nodeId: entry[2] };
}

/** CLUSTER SLOTS as ranges sorted by their first slot, each node's replicas sorted by port. */
export function parseClusterSlots(reply: unknown): SlotRange[] {
  if (!Array.isArray(reply)) {
    throw new Error(`unexpected CLUSTER SLOTS reply: ${JSON.stringify(reply)}`);
  }
  return reply
    .map((range: unknown): SlotRange => {
      if (!Array.isArray(range) || typeof range[0] !== 'number' || typeof range[1] !== 'number') {
        throw new Error(`unexpected range in CLUSTER SLOTS: ${JSON.stringify(range)}`);
      }
      const [start, end, master, ...replicas] = range as [number, number, unknown, ...unknown[]];
      return { start, end, master: nodeRef(master), replicas: replicas.map(nodeRef).sort((a, b) => a.port - b.port) };
    })
    .sort((a, b) => a.start - b.start);
}

/** One line per range, so two nodes' views can be compared as strings. */
export function describeSlots(ranges: readonly SlotRange[]): string {
  return ranges
    .map(
      (range) =>
        `${range.start}-${range.end} :${range.master.port} replicas ${range.replicas.map((replica) => `:${replica.port}`).join(' ')}`,
    )
    .join('\n');
}

export function coversEverySlot(ranges: readonly SlotRange[]): boolean {
  let next = 0;
  for (const range of ranges) {
    if (range.start !== next) {
      return false;
    }
    next = range.end + 1;
  }
  return next === SLOT_COUNT;
}

export function ownerOf(ranges: readonly SlotRange[], slot: number): ClusterNodeRef | undefined {
  return ranges.find((range) => range.start <= slot && slot <= range.end)?.master;
}

/** Every master that owns at least one slot, once each, by port. */
export function mastersOf(ranges: readonly SlotRange[]): ClusterNodeRef[] {
  const byPort = new Map(ranges.map((range) => [range.master.port, range.master]));
  return [...byPort.values()].sort((a, b) => a.port - b.port);
}

/** Every node the map names, as master or replica. */
export function portsIn(ranges: readonly SlotRange[]): Set<number> {
  return new Set(ranges.flatMap((range) => [range.master.port, ...range.replicas.map((replica) => replica.port)]));
}

/** `INFO` sections as key → value. */
export function parseInfo(info: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of info.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) {
      fields.set(line.slice(0, colon), line.slice(colon + 1));
    }
  }
  return fields;
}
