import type { IceCandidate } from '@contracts/calls';

/** How long local candidates gather before one POST carries them (trickle, batched). */
export const ICE_BATCH_MS = 150;

/**
 * Collects local ICE candidates and hands them on in batches: one every ICE_BATCH_MS at most,
 * nothing before the call has an id (the offer POST is still out), and an empty batch once
 * gathering is complete, which tells the other side the candidates are over.
 */
export class IceBatcher {
  private pending: IceCandidate[] = [];
  private complete = false;
  private completeSent = false;
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: (candidates: IceCandidate[]) => void,
    private readonly batchMs = ICE_BATCH_MS,
    private readonly maxPerBatch = 50,
  ) {}

  add(candidate: IceCandidate): void {
    this.pending.push(candidate);
    this.schedule();
  }

  /** Gathering is complete: the last batch is followed by an empty one. */
  end(): void {
    this.complete = true;
    this.schedule();
  }

  /** The call has an id now: what gathered meanwhile may go. */
  start(): void {
    this.ready = true;
    this.schedule();
  }

  stop(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.ready = false;
  }

  private schedule(): void {
    if (!this.ready || this.timer) {
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.batchMs);
  }

  private flush(): void {
    while (this.pending.length > 0) {
      this.send(this.pending.splice(0, this.maxPerBatch));
    }
    if (this.complete && !this.completeSent) {
      this.completeSent = true;
      this.send([]);
    }
  }
}
