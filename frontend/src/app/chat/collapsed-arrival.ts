import type { ChatMessage } from '@contracts/chat';

import type { ChatArrival } from '../a11y/announcements';

/**
 * What the collapsed board chat says about a message from someone else (the store's arrivals
 * are already only others' live messages). Open, the room inside the panel reads it, so the
 * panel stays silent: each message is read once.
 */
export function collapsedArrival(message: ChatMessage, collapsed: boolean, names: ReadonlyMap<string, string>): ChatArrival | null {
  if (!collapsed) {
    return null;
  }
  return { author: names.get(message.userId) ?? '', text: message.content ?? '', where: 'boardChat' };
}
