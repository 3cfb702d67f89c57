import type { PresenceStatus } from '@contracts/presence';

/** All of the user's tabs hidden this long: the user is away. */
export const AWAY_AFTER_MS = 3 * 60_000;
/** A visible tab says so this often, so hidden tabs notice one that vanished without a word. */
export const VISIBLE_BEAT_MS = 30_000;
/** Not heard from a visible tab for this long: it is gone (crashed, frozen). */
export const VISIBLE_STALE_MS = VISIBLE_BEAT_MS * 2.5;

/** What the tabs of one user tell each other. */
export type TabMessage =
  | { kind: 'hello'; tab: string }
  | { kind: 'visible'; tab: string }
  | { kind: 'hidden'; tab: string }
  | { kind: 'closed'; tab: string }
  | { kind: 'status'; tab: string; status: PresenceStatus; manual: boolean };

/** The part of BroadcastChannel used here, so tests can connect fake tabs. */
export interface TabChannel {
  postMessage(message: TabMessage): void;
  onmessage: ((event: MessageEvent<TabMessage>) => void) | null;
  close(): void;
}

export interface AwayTrackerOptions {
  tabId: string;
  /** null where BroadcastChannel does not exist: the tab then decides alone. */
  channel: TabChannel | null;
  isVisible(): boolean;
  /** Tell the server (only the tab that made the change does). */
  send(status: PresenceStatus): void;
  /** The status changed (here or in another tab). */
  changed(status: PresenceStatus): void;
  /** Whether the user chose "busy" by hand, kept across reloads. */
  loadBusy(): boolean;
  saveBusy(busy: boolean): void;
}

/**
 * The user's status across all their tabs: "away" once every tab has been hidden for
 * AWAY_AFTER_MS, "online" again as soon as one is visible, unless the user chose "busy"
 * by hand. Tabs keep each other informed over a BroadcastChannel, so one visible tab keeps
 * the user online and only one tab tells the server about a change.
 */
export class AwayTracker {
  private current: PresenceStatus = 'online';
  private manualBusy = false;
  private visible = false;
  /** Other tabs that are visible, with when we last heard so. */
  private readonly othersVisible = new Map<string, number>();
  /** The last moment any tab of this user was known to be visible. */
  private lastVisibleAt = Date.now();
  private awayTimer: ReturnType<typeof setTimeout> | undefined;
  private beat: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: AwayTrackerOptions) {}

  get status(): PresenceStatus {
    return this.current;
  }

  /** Opening a tab means the user is here: online, or busy if they chose it. */
  start(): void {
    const channel = this.options.channel;
    if (channel) {
      channel.onmessage = (event) => this.receive(event.data);
    }
    this.manualBusy = this.options.loadBusy();
    this.apply(this.manualBusy ? 'busy' : 'online', true);
    this.post({ kind: 'hello', tab: this.options.tabId });
    this.visibilityChanged(this.options.isVisible(), true);
  }

  stop(): void {
    clearTimeout(this.awayTimer);
    clearInterval(this.beat);
    this.post({ kind: 'closed', tab: this.options.tabId });
    if (this.options.channel) {
      this.options.channel.onmessage = null;
      this.options.channel.close();
    }
  }

  /** The user picked a status in the menu. Only "busy" outlasts the next visit. */
  choose(status: PresenceStatus): void {
    this.manualBusy = status === 'busy';
    this.options.saveBusy(this.manualBusy);
    this.apply(status, true);
  }

  visibilityChanged(visible: boolean, initial = false): void {
    if (visible === this.visible && !initial) {
      return;
    }
    this.visible = visible;
    this.lastVisibleAt = Date.now();
    clearTimeout(this.awayTimer);
    clearInterval(this.beat);
    if (visible) {
      this.post({ kind: 'visible', tab: this.options.tabId });
      this.beat = setInterval(() => this.post({ kind: 'visible', tab: this.options.tabId }), VISIBLE_BEAT_MS);
      this.comeBack();
    } else {
      this.post({ kind: 'hidden', tab: this.options.tabId });
      this.arm(AWAY_AFTER_MS);
    }
  }

  private receive(message: TabMessage): void {
    const now = Date.now();
    switch (message.kind) {
      case 'hello':
        if (this.visible) {
          this.post({ kind: 'visible', tab: this.options.tabId });
        }
        return;
      case 'visible':
        this.othersVisible.set(message.tab, now);
        return;
      case 'hidden':
      case 'closed':
        if (this.othersVisible.delete(message.tab)) {
          this.lastVisibleAt = Math.max(this.lastVisibleAt, now);
        }
        return;
      case 'status':
        this.manualBusy = message.manual;
        this.apply(message.status, false);
        // Another tab thought everyone was gone, but this one is in front of the user.
        if (this.visible) {
          this.comeBack();
        }
        return;
    }
  }

  /** A tab is visible: an automatic (or chosen) away ends; busy stays. */
  private comeBack(): void {
    if (this.current === 'away' && !this.manualBusy) {
      this.apply('online', true);
    }
  }

  private checkAway(): void {
    const now = Date.now();
    for (const [tab, seen] of this.othersVisible) {
      if (now - seen > VISIBLE_STALE_MS) {
        this.othersVisible.delete(tab);
        this.lastVisibleAt = Math.max(this.lastVisibleAt, seen);
      }
    }
    if (this.visible) {
      return;
    }
    if (this.othersVisible.size > 0) {
      this.arm(VISIBLE_BEAT_MS);
      return;
    }
    const due = this.lastVisibleAt + AWAY_AFTER_MS;
    if (now < due) {
      this.arm(due - now);
    } else if (this.current === 'online') {
      this.apply('away', true);
    }
  }

  private arm(ms: number): void {
    clearTimeout(this.awayTimer);
    this.awayTimer = setTimeout(() => this.checkAway(), ms);
  }

  /** `announce`: this tab made the change, so it tells the server and the other tabs. */
  private apply(status: PresenceStatus, announce: boolean): void {
    const changed = status !== this.current;
    this.current = status;
    if (announce) {
      this.options.send(status);
      this.post({ kind: 'status', tab: this.options.tabId, status, manual: this.manualBusy });
    }
    if (changed) {
      this.options.changed(status);
    }
  }

  private post(message: TabMessage): void {
    this.options.channel?.postMessage(message);
  }
}
