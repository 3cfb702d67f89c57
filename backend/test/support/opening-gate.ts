import type { EventBus } from '../../src/events/event-bus';

export interface OpeningGate {
  /** Resolves once a stream has been authorised and is held before it reads the channels' heads. */
  readonly inside: Promise<void>;
  /** Lets the held stream go on opening. */
  release(): void;
}

/**
 * Holds the next stream a pod opens between its authorisation and its delivery, the window
 * where a revocation could otherwise slip past it. Only that one stream is held.
 */
export function holdNextOpening(bus: EventBus): OpeningGate {
  const head = bus.head.bind(bus);
  let entered!: () => void;
  let release!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  bus.head = async (channels) => {
    bus.head = head;
    entered();
    await gate;
    return head(channels);
  };
  return { inside, release };
}
