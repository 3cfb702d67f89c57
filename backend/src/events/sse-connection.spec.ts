import type { ServerResponse } from 'node:http';
import { boardChannel, userChannel } from '../../../contracts/channels';
import { parseCursor } from '../../../contracts/cursor';
import type { AuthUser } from '../auth/auth-user';
import type { BusEvent } from './bus-event';
import { SseConnection } from './sse-connection';

const user: AuthUser = {
  id: 'u1',
  username: 'ada',
  displayName: 'Ada',
  roles: ['user'],
  tokenExpiresAt: Math.floor(Date.now() / 1000) + 3600,
  via: 'bearer',
};
const limits = { maxBacklogBytes: 512 * 1024, maxQueuedLiveBytes: 2 * 1024 * 1024, heartbeatMs: 15_000 };

/** A response whose socket takes every write at once, recording the frames. */
function fakeResponse(): { response: ServerResponse; frames: () => Array<{ type: string; id: string }> } {
  let written = '';
  const socket = {
    destroyed: false,
    writableNeedDrain: false,
    cork: () => undefined,
    uncork: () => undefined,
    once: () => undefined,
    write: (text: string) => void (written += text),
  };
  const response = {
    socket,
    writableEnded: false,
    chunkedEncoding: false,
    end: () => undefined,
    destroy: () => undefined,
    once: () => undefined,
  };
  const frames = (): Array<{ type: string; id: string }> =>
    written
      .split('\n\n')
      .filter(Boolean)
      .map((frame) => ({ type: /^event: (.*)$/m.exec(frame)?.[1] ?? '', id: /^id: (.*)$/m.exec(frame)?.[1] ?? '' }));
  return { response: response as unknown as ServerResponse, frames };
}

const event = (channel: string, id: string): BusEvent => ({
  channel,
  id,
  epoch: 'e1',
  type: 'note.updated',
  json: JSON.stringify({ id, channel, type: 'note.updated', data: {} }),
  ephemeral: false,
});

describe('SseConnection', () => {
  it('sends nothing of a channel revoked while its events were still queued behind a catch-up, and its cursor forgets it', () => {
    const { response, frames } = fakeResponse();
    const connection = new SseConnection(user, [userChannel('u1'), boardChannel('b1')], response, limits, () => undefined);
    connection.ready(2000);
    connection.event(event('board:b1', '1-0'));
    connection.event(event('user:u1', '2-0'));
    connection.catchUpQueued();
    connection.event(event('board:b1', '3-0'));
    connection.revokeChannel('board:b1', 'removed');

    expect(connection.takeOver(response.socket!, false)).toBe(true);

    expect(frames().map((frame) => frame.type)).toEqual(['stream.ready', 'note.updated', 'channel.revoked']);
    const last = frames().at(-1)!;
    expect([...parseCursor(last.id)!.keys()]).toEqual(['user:u1']);
  });
});
