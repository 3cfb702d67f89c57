import type { Attachment } from '../../../contracts/attachments';
import type { RoomChannel } from '../../../contracts/channels';

/** An attachment as stored: what clients see, plus whose and where it is. */
export interface AttachmentRecord extends Attachment {
  roomId: RoomChannel;
  uploaderId: string;
  createdAt: string;
  /** A message carries it: every current member of the room may fetch it. Before that, only the uploader. */
  sent: boolean;
}

/** Of several messages racing for one attachment, exactly one gets `claimed`. */
export type ClaimOutcome = 'claimed' | 'unusable' | 'already_sent';

/** Port: attachment metadata, the per-user quota and the unsent uploads that expire. */
export abstract class AttachmentsRepository {
  /** Stores a new unsent attachment that expires at `unsentUntilMs` unless a message claims it. */
  abstract create(record: AttachmentRecord, unsentUntilMs: number): Promise<void>;
  abstract find(id: string): Promise<AttachmentRecord | undefined>;
  /** Marks it sent if `uploaderId` uploaded it for `roomId` and no message has it yet; atomic. */
  abstract claim(id: string, uploaderId: string, roomId: string): Promise<ClaimOutcome>;
  /** Undoes a claim whose message could not be stored. */
  abstract unclaim(id: string, unsentUntilMs: number): Promise<void>;
  /** Removes it; the record only for the one call that removed it, so its quota is freed once. */
  abstract delete(id: string): Promise<AttachmentRecord | undefined>;
  /** As delete, but only while no message has it (an expired upload racing a send). */
  abstract deleteIfUnsent(id: string): Promise<AttachmentRecord | undefined>;
  abstract idsInRoom(roomId: string): Promise<string[]>;
  /** Remembers that message `messageId` (a stream id) of the room carries these attachments. */
  abstract carry(roomId: string, messageId: string, ids: readonly string[]): Promise<void>;
  /**
   * Forgets and returns the attachments carried by the room's messages older than `messageId`
   * (all of them without one); atomic, so of racing callers each id goes to one.
   */
  abstract takeCarriedBefore(roomId: string, messageId?: string): Promise<string[]>;
  /** Unsent attachments whose time ran out by `nowMs`, oldest first. */
  abstract dueUnsent(nowMs: number, limit: number): Promise<string[]>;
  /** Adds `bytes` to the user's usage unless that would pass `quotaBytes`; atomic. */
  abstract reserveQuota(userId: string, bytes: number, quotaBytes: number): Promise<boolean>;
  abstract releaseQuota(userId: string, bytes: number): Promise<void>;
  abstract usedQuota(userId: string): Promise<number>;
}

/** The client's view of a record. */
export function toAttachment(record: AttachmentRecord): Attachment {
  const { id, name, size, mime, sha256, thumbnail, encrypted } = record;
  return {
    id,
    name,
    size,
    mime,
    sha256,
    ...(thumbnail === undefined ? {} : { thumbnail }),
    ...(encrypted === undefined ? {} : { encrypted }),
  };
}
