import { Injectable } from '@nestjs/common';
import { parseRoom, type RoomChannel } from '../../../contracts/channels';
import { InvalidInputError } from '../common/domain-error';
import type { Actor } from '../users/actor';

/** What attachments need to know about one kind of room; the chat module provides it. */
export interface RoomAccess {
  /** 404 for an unknown room, 403 for a non-member; whether its messages are end-to-end encrypted. */
  admit(actor: Actor, id: string): Promise<{ encrypted: boolean }>;
  /** Current membership: downloads follow it, so a member who left loses access. */
  isMember(userId: string, id: string): Promise<boolean>;
}

export interface AdmittedRoom {
  id: RoomChannel;
  encrypted: boolean;
}

/**
 * Rooms belong to the chat module, which needs attachments for its messages: it registers its
 * room kinds here, as modules register channel kinds with the ChannelRegistry, so neither module
 * imports the other's internals and there is no import cycle.
 */
@Injectable()
export class AttachmentRooms {
  private readonly kinds = new Map<'board' | 'conversation', RoomAccess>();

  register(kind: 'board' | 'conversation', access: RoomAccess): void {
    this.kinds.set(kind, access);
  }

  async admit(actor: Actor, room: string): Promise<AdmittedRoom> {
    const parsed = parseRoom(room);
    const access = parsed && this.kinds.get(parsed.kind);
    if (!parsed || !access) {
      throw new InvalidInputError('room must be board:<id> or conversation:<id>');
    }
    const { encrypted } = await access.admit(actor, parsed.id);
    return { id: parsed.channel as RoomChannel, encrypted };
  }

  async isMember(userId: string, room: string): Promise<boolean> {
    const parsed = parseRoom(room);
    const access = parsed && this.kinds.get(parsed.kind);
    return access ? access.isMember(userId, parsed.id) : false;
  }
}
