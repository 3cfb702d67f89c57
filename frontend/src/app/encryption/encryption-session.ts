import { Injectable, effect, inject, untracked } from '@angular/core';
import { Subscription } from 'rxjs';

import { userChannel } from '@contracts/channels';
import type { AnyEventEnvelope } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { RealtimeClient } from '../realtime/realtime-client';
import { ContentKeys } from './content-keys';
import { DeviceDirectory } from './device-directory';
import { SealedMessages } from './sealed-messages';
import { ThisDevice } from './this-device';

/**
 * Started with the app: makes or loads this browser's device when a user is signed in, and
 * follows the key events of their user channel (devices coming and going, keys shared with
 * this device or rotated, other devices asking for keys).
 */
@Injectable({ providedIn: 'root' })
export class EncryptionSession {
  private readonly realtime = inject(RealtimeClient);
  private readonly thisDevice = inject(ThisDevice);
  private readonly directory = inject(DeviceDirectory);
  private readonly keys = inject(ContentKeys);
  private readonly sealed = inject(SealedMessages);
  private subscription = new Subscription();
  /** undefined before the first sign-in state is known. */
  private userId: string | null | undefined = undefined;

  constructor() {
    const auth = inject(AuthStore);
    effect(() => {
      const userId = auth.user()?.id ?? null;
      untracked(() => this.follow(userId));
    });
  }

  private follow(userId: string | null): void {
    if (userId === this.userId) {
      return;
    }
    this.subscription.unsubscribe();
    if (this.userId !== undefined) {
      // Another user (or none) now: nothing of the last one's keys stays.
      this.directory.clear();
      this.keys.clear();
      this.sealed.clear();
    }
    this.userId = userId;
    if (!userId) {
      return;
    }
    // Offline or refused: the first encrypted message tries again.
    this.thisDevice.ready(userId).catch(() => undefined);
    this.subscription = this.realtime
      .on(
        userChannel(userId),
        'device.added',
        'device.removed',
        'conversation.key_requested',
        'conversation.key_shared',
        'conversation.key_rotated',
      )
      .subscribe((event) => this.onEvent(event));
  }

  private onEvent(event: AnyEventEnvelope): void {
    switch (event.type) {
      case 'device.added':
        this.directory.added(event.data.device);
        return;
      case 'device.removed':
        this.directory.removed(event.data.userId, event.data.deviceId);
        // Conversations it could read now want a new key before the next message.
        this.keys.staleAll();
        return;
      case 'conversation.key_requested':
        void this.keys.answer(event.data).catch(() => undefined);
        return;
      case 'conversation.key_shared':
        if (event.data.deviceId === this.thisDevice.id()) {
          void this.keys.changed(event.data.conversationId);
        }
        return;
      case 'conversation.key_rotated':
        void this.keys.changed(event.data.conversationId);
        return;
      default:
        return;
    }
  }
}
