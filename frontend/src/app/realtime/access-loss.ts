import type { AccessLossReason, AnyEventEnvelope } from '@contracts/events';

import { boardChannel } from '@contracts/channels';

/** A channel the user can no longer read, and why. */
export interface AccessLoss {
  channel: string;
  reason: AccessLossReason;
}

/**
 * Which channel, if any, this event takes away from `userId`. The server says it outright
 * (channel.revoked) only to streams that carry the channel; the other tabs learn it from
 * the member list (board.member_removed, also on the user's own channel) or the board's end.
 */
export function lostChannel(event: AnyEventEnvelope, userId: string | undefined): AccessLoss | null {
  switch (event.type) {
    case 'channel.revoked':
      return { channel: event.data.channel, reason: event.data.reason };
    case 'board.member_removed':
      return userId !== undefined && event.data.userId === userId
        ? { channel: boardChannel(event.data.boardId), reason: event.data.reason }
        : null;
    case 'board.deleted':
      return { channel: boardChannel(event.data.boardId), reason: 'board_deleted' };
    default:
      return null;
  }
}

/** What the user is told when a board closes under them. */
export function accessLossMessage(reason: AccessLossReason, title: string): string {
  switch (reason) {
    case 'left':
      return $localize`:@@realtime.accessLoss.left:You left “${title}:title:”.`;
    case 'removed':
      return $localize`:@@realtime.accessLoss.removed:You were removed from “${title}:title:”.`;
    case 'board_deleted':
      return $localize`:@@realtime.accessLoss.deleted:“${title}:title:” was deleted by its owner.`;
  }
}
