import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { PresenceStatus } from '@contracts/presence';

import { AWAY_AFTER_MS, AwayTracker, type TabChannel, type TabMessage, VISIBLE_BEAT_MS, VISIBLE_STALE_MS } from './away-tracker';

/** BroadcastChannel between fake tabs: like the real one, a message reaches every other tab, asynchronously. */
class FakeHub {
  private readonly channels = new Set<FakeChannel>();

  open(): FakeChannel {
    const channel = new FakeChannel(this);
    this.channels.add(channel);
    return channel;
  }

  deliver(from: FakeChannel, message: TabMessage): void {
    for (const channel of this.channels) {
      if (channel !== from) {
        queueMicrotask(() => channel.onmessage?.(new MessageEvent('message', { data: message })));
      }
    }
  }

  remove(channel: FakeChannel): void {
    this.channels.delete(channel);
  }
}

class FakeChannel implements TabChannel {
  onmessage: ((event: MessageEvent<TabMessage>) => void) | null = null;

  constructor(private readonly hub: FakeHub) {}

  postMessage(message: TabMessage): void {
    this.hub.deliver(this, message);
  }

  close(): void {
    this.hub.remove(this);
  }
}

interface Tab {
  tracker: AwayTracker;
  visible: boolean;
  sent: PresenceStatus[];
  shown: PresenceStatus[];
  show(visible: boolean): Promise<void>;
}

describe('AwayTracker', () => {
  let hub: FakeHub;
  let busyStored: boolean;

  function openTab(visible = true, channel: TabChannel | null = hub.open()): Tab {
    const tab: Tab = {
      visible,
      sent: [],
      shown: [],
      tracker: undefined as unknown as AwayTracker,
      async show(next: boolean) {
        tab.visible = next;
        tab.tracker.visibilityChanged(next);
        await settle();
      },
    };
    tab.tracker = new AwayTracker({
      tabId: `tab-${Math.random()}`,
      channel,
      isVisible: () => tab.visible,
      send: (status) => tab.sent.push(status),
      changed: (status) => tab.shown.push(status),
      loadBusy: () => busyStored,
      saveBusy: (busy) => (busyStored = busy),
    });
    tab.tracker.start();
    return tab;
  }

  /** Lets broadcast messages arrive. */
  const elapse = async (ms: number): Promise<void> => {
    await vi.advanceTimersByTimeAsync(ms);
  };
  const settle = (): Promise<void> => elapse(0);

  beforeEach(() => {
    vi.useFakeTimers();
    hub = new FakeHub();
    busyStored = false;
  });

  afterEach(() => vi.useRealTimers());

  it('tells the server the user is online when a tab opens', async () => {
    const tab = openTab();
    await settle();
    expect(tab.sent).toEqual(['online']);
    expect(tab.tracker.status).toBe('online');
  });

  it('goes away after the only tab has been hidden for a few minutes, and back online when it is shown', async () => {
    const tab = openTab();
    await tab.show(false);

    await elapse(AWAY_AFTER_MS - 1);
    expect(tab.tracker.status).toBe('online');
    await elapse(1);
    expect(tab.tracker.status).toBe('away');
    expect(tab.sent).toEqual(['online', 'away']);

    await tab.show(true);
    expect(tab.tracker.status).toBe('online');
    expect(tab.sent).toEqual(['online', 'away', 'online']);
    expect(tab.shown).toEqual(['away', 'online']);
  });

  it('a hidden tab that is shown again in time changes nothing', async () => {
    const tab = openTab();
    await tab.show(false);
    await elapse(AWAY_AFTER_MS / 2);
    await tab.show(true);
    await elapse(AWAY_AFTER_MS * 2);
    expect(tab.sent).toEqual(['online']);
  });

  it('one visible tab keeps the user online while other tabs are hidden', async () => {
    const front = openTab(true);
    const back = openTab(false);
    await settle();

    await elapse(AWAY_AFTER_MS * 3);
    expect(back.tracker.status).toBe('online');
    expect(front.tracker.status).toBe('online');
    expect([...front.sent, ...back.sent].filter((status) => status === 'away')).toEqual([]);
  });

  it('goes away once every tab is hidden, counted from the last one hidden, and only one tab tells the server', async () => {
    const first = openTab(true);
    const second = openTab(true);
    await settle();
    first.sent.length = 0;
    second.sent.length = 0;

    await first.show(false);
    await elapse(AWAY_AFTER_MS - 10_000);
    await second.show(false);

    // The first tab has been hidden long enough, but the second only for 10 s.
    await elapse(10_000 + VISIBLE_BEAT_MS);
    expect(first.tracker.status).toBe('online');

    await elapse(AWAY_AFTER_MS);
    expect(first.tracker.status).toBe('away');
    expect(second.tracker.status).toBe('away');
    expect([...first.sent, ...second.sent]).toEqual(['away']);

    // Coming back in either tab brings the user back online, in both.
    await first.show(true);
    expect(first.sent).toEqual(expect.arrayContaining(['online']));
    expect(second.tracker.status).toBe('online');
  });

  it('a visible tab that vanished without a word stops keeping the user online', async () => {
    const hidden = openTab(false);
    const crashedChannel = hub.open();
    const crashed = openTab(true, crashedChannel);
    await settle();
    // The tab dies: no "hidden", no "closed", no more beats.
    crashed.tracker.visibilityChanged = () => undefined;
    vi.spyOn(crashedChannel, 'postMessage').mockImplementation(() => undefined);

    await elapse(VISIBLE_STALE_MS + AWAY_AFTER_MS + VISIBLE_BEAT_MS);
    expect(hidden.tracker.status).toBe('away');
  });

  it('"busy" chosen by hand survives hidden tabs, visible tabs and a reload', async () => {
    const tab = openTab();
    tab.tracker.choose('busy');
    expect(tab.sent).toEqual(['online', 'busy']);

    await tab.show(false);
    await elapse(AWAY_AFTER_MS * 2);
    await tab.show(true);
    expect(tab.tracker.status).toBe('busy');
    expect(tab.sent).toEqual(['online', 'busy']);

    tab.tracker.stop();
    const reloaded = openTab();
    expect(reloaded.sent).toEqual(['busy']);
    expect(reloaded.tracker.status).toBe('busy');

    reloaded.tracker.choose('online');
    expect(busyStored).toBe(false);
  });

  it('a status chosen in one tab shows in the others without a second request', async () => {
    const one = openTab();
    const two = openTab();
    await settle();
    one.sent.length = 0;
    two.sent.length = 0;

    one.tracker.choose('busy');
    await settle();
    expect(two.tracker.status).toBe('busy');
    expect(two.shown).toEqual(['busy']);
    expect(two.sent).toEqual([]);
  });

  it('works alone where BroadcastChannel does not exist', async () => {
    const tab = openTab(true, null);
    await tab.show(false);
    await elapse(AWAY_AFTER_MS);
    expect(tab.tracker.status).toBe('away');
  });
});
