import { Injectable, inject } from '@angular/core';

import type { RoomChannel } from '@contracts/channels';

import { LastKnown } from '../offline/last-known';

/** A draft is saved this long after the last keystroke (and at once when the page hides). */
const DRAFT_SAVE_MS = 300;

/** What the user was writing in each room, kept per user on this browser across reloads until sent. */
@Injectable({ providedIn: 'root' })
export class ChatDrafts {
  private readonly lastKnown = inject(LastKnown);

  async read(room: RoomChannel): Promise<string> {
    return (await this.lastKnown.read<string>(draftKey(room))) ?? '';
  }

  /** An empty draft (sent, or erased) is forgotten. */
  save(room: RoomChannel, text: string): void {
    if (text.trim()) {
      this.lastKnown.saveSoon(draftKey(room), () => text, DRAFT_SAVE_MS);
    } else {
      void this.lastKnown.forget(draftKey(room));
    }
  }
}

function draftKey(room: RoomChannel): string {
  return `draft:${room}`;
}
