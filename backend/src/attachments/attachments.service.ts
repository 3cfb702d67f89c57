import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { Attachment } from '../../../contracts/attachments';
import { AppConfig } from '../config/app-config';
import type { Actor } from '../users/actor';
import { type AdmittedRoom, AttachmentRooms } from './attachment-rooms';
import {
  AttachmentAlreadySentError,
  AttachmentForbiddenError,
  AttachmentNotFoundError,
  AttachmentNotUsableError,
  EncryptedUploadRefusedError,
  EncryptedUploadRequiredError,
  MimeMismatchError,
} from './attachments.errors';
import { type AttachmentRecord, AttachmentsRepository, toAttachment } from './attachments.repository';
import { BlobStorage, thumbnailKey } from './blob-storage';
import { cleanFileName } from './file-name';
import { QuotaReservation } from './quota-reservation';
import { contradicts, sniffMime } from './sniff';
import { makeThumbnail, THUMBNAIL_SOURCE_TYPES } from './thumbnail';
import { UploadMeter } from './upload-meter';
import { UploadGate } from './upload-gate';

/** One file part of an upload, as it streams in. */
export interface IncomingFile {
  stream: Readable;
  /** As the client named it: cleaned before it is kept, never a path. */
  name: string | undefined;
  /** As the client declared it: only checked against the content, never kept. */
  declaredType: string | undefined;
}

const SWEEP_BATCH = 100;
const SWEEP_MAX_BATCHES = 20;

@Injectable()
export class AttachmentsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Attachments');
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly repo: AttachmentsRepository,
    private readonly blobs: BlobStorage,
    private readonly rooms: AttachmentRooms,
    private readonly gate: UploadGate,
  ) {}

  onApplicationBootstrap(): void {
    const everyMs = Math.min(10 * 60_000, Math.max(1000, (this.config.attachments.unsentTtlSeconds * 1000) / 4));
    this.sweeper = setInterval(() => void this.sweepUnsent().catch((error: unknown) => this.logSweepFailure(error)), everyMs);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /**
   * Everything decided before a byte of the body is read: 404/403 for the room, 400 for the
   * encryption flag, the upload caps. Returns the room and the release of the upload slot.
   */
  async admit(actor: Actor, room: string, encrypted: boolean): Promise<{ room: AdmittedRoom; release: () => void }> {
    const admitted = await this.rooms.admit(actor, room);
    if (admitted.encrypted && !encrypted) {
      throw new EncryptedUploadRequiredError();
    }
    if (!admitted.encrypted && encrypted) {
      throw new EncryptedUploadRefusedError();
    }
    return { room: admitted, release: this.gate.enter(actor.id) };
  }

  /** Streams the file to storage while counting, hashing and reserving quota; nothing is left behind on failure. */
  async upload(actor: Actor, room: AdmittedRoom, file: IncomingFile): Promise<Attachment> {
    const { maxBytes, quotaBytes, unsentTtlSeconds } = this.config.attachments;
    const id = randomUUID();
    const quota = new QuotaReservation(this.repo, actor.id, quotaBytes);
    const meter = new UploadMeter(maxBytes, (total) => quota.ensure(total));
    let stored = false;
    let thumbnailStored = false;
    try {
      // pipeline() passes a failure of either side on to the other: a client that goes away fails the put.
      await this.blobs.put(
        id,
        pipeline(file.stream, meter, () => undefined),
      );
      stored = true;
      const mime = room.encrypted ? 'application/octet-stream' : sniffMime(meter.head, meter.isText());
      if (!room.encrypted && contradicts(file.declaredType, mime)) {
        throw new MimeMismatchError(file.declaredType!.split(';')[0].trim(), mime);
      }
      let thumbnail: AttachmentRecord['thumbnail'];
      if (!room.encrypted && THUMBNAIL_SOURCE_TYPES.includes(mime)) {
        const made = await makeThumbnail(await this.read(id), mime);
        await this.blobs.put(thumbnailKey(id), streamOf(made.data));
        thumbnailStored = true;
        thumbnail = { width: made.width, height: made.height };
      }
      await quota.settle(meter.bytes);
      const record: AttachmentRecord = {
        id,
        name: room.encrypted ? 'encrypted' : cleanFileName(file.name),
        size: meter.bytes,
        mime,
        sha256: meter.sha256,
        ...(thumbnail === undefined ? {} : { thumbnail }),
        ...(room.encrypted ? { encrypted: true } : {}),
        roomId: room.id,
        uploaderId: actor.id,
        createdAt: new Date().toISOString(),
        sent: false,
      };
      await this.repo.create(record, Date.now() + unsentTtlSeconds * 1000);
      return toAttachment(record);
    } catch (error) {
      await quota.releaseAll();
      await Promise.all([stored ? this.blobs.delete(id) : undefined, thumbnailStored ? this.blobs.delete(thumbnailKey(id)) : undefined]);
      throw error;
    }
  }

  /**
   * 404 unknown, 403 unless the actor is a current member of its room and, before a message
   * carries it, its uploader. Also the answer for ids of rooms the actor is not in.
   */
  async authorize(actor: Actor, id: string): Promise<AttachmentRecord> {
    const record = await this.repo.find(id);
    if (!record) {
      throw new AttachmentNotFoundError();
    }
    if ((!record.sent && record.uploaderId !== actor.id) || !(await this.rooms.isMember(actor.id, record.roomId))) {
      throw new AttachmentForbiddenError();
    }
    return record;
  }

  /** The bytes of an authorised record: the file or its thumbnail. */
  async open(record: AttachmentRecord, which: 'file' | 'thumbnail'): Promise<Readable> {
    if (which === 'thumbnail' && record.thumbnail === undefined) {
      throw new AttachmentNotFoundError();
    }
    const body = await this.blobs.get(which === 'file' ? record.id : thumbnailKey(record.id));
    if (!body) {
      throw new AttachmentNotFoundError();
    }
    return body;
  }

  /**
   * Marks the attachments as sent in `roomId` by `actor`, all or none: 400 for one that is not
   * theirs or not for this room, 409 for one already sent. Claimed in id order, so two messages
   * racing for the same attachments meet at the same first one and exactly one goes on.
   */
  async attach(actor: Actor, roomId: string, ids: readonly string[]): Promise<Attachment[]> {
    const claimed: string[] = [];
    try {
      for (const id of [...new Set(ids)].sort()) {
        const outcome = await this.repo.claim(id, actor.id, roomId);
        if (outcome === 'unusable') {
          throw new AttachmentNotUsableError(id);
        }
        if (outcome === 'already_sent') {
          throw new AttachmentAlreadySentError(id);
        }
        claimed.push(id);
      }
      const records = await Promise.all(ids.map((id) => this.repo.find(id)));
      return records.flatMap((record) => (record ? [toAttachment(record)] : []));
    } catch (error) {
      await this.detach(claimed);
      throw error;
    }
  }

  /** Gives attachments back to their uploader unsent (their message could not be stored). */
  async detach(ids: readonly string[]): Promise<void> {
    const until = Date.now() + this.config.attachments.unsentTtlSeconds * 1000;
    await Promise.all(ids.map((id) => this.repo.unclaim(id, until)));
  }

  /** Deletes bytes and metadata and frees the uploaders' quota. */
  async deleteMany(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      await this.dispose(await this.repo.delete(id));
    }
  }

  async deleteRoom(roomId: string): Promise<void> {
    await this.deleteMany(await this.repo.idsInRoom(roomId));
    await this.repo.takeCarriedBefore(roomId);
  }

  /** Notes which message carries the attachments, so they go when retention trims it. */
  async carriedBy(roomId: string, messageId: string, ids: readonly string[]): Promise<void> {
    await this.repo.carry(roomId, messageId, ids);
  }

  /**
   * Retention trimmed the room up to `oldestKept`: deletes the attachments of the messages before it.
   * Each is taken from the index by one caller only, so with several pods each is deleted once; one
   * left over by a failure here goes with the next trim. Never throws: the message that trimmed is sent.
   */
  async deleteTrimmed(roomId: string, oldestKept: string): Promise<void> {
    try {
      await this.deleteMany(await this.repo.takeCarriedBefore(roomId, oldestKept));
    } catch (error) {
      this.logger.warn(`Deleting the attachments of trimmed messages failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Deletes uploads no message took up in time; every pod sweeps, each record is deleted once. */
  async sweepUnsent(nowMs = Date.now()): Promise<number> {
    let deleted = 0;
    // Bounded per run, so one sweep never hogs the pod; the next run goes on where this one stopped.
    for (let batch = 0; batch < SWEEP_MAX_BATCHES; batch++) {
      const due = await this.repo.dueUnsent(nowMs, SWEEP_BATCH);
      for (const id of due) {
        const record = await this.repo.deleteIfUnsent(id);
        await this.dispose(record);
        deleted += record ? 1 : 0;
      }
      if (due.length < SWEEP_BATCH) {
        break;
      }
    }
    return deleted;
  }

  async usedQuota(userId: string): Promise<number> {
    return this.repo.usedQuota(userId);
  }

  private async dispose(record: AttachmentRecord | undefined): Promise<void> {
    if (!record) {
      return;
    }
    await this.blobs.delete(record.id);
    if (record.thumbnail) {
      await this.blobs.delete(thumbnailKey(record.id));
    }
    await this.repo.releaseQuota(record.uploaderId, record.size);
  }

  private async read(id: string): Promise<Buffer> {
    const body = await this.blobs.get(id);
    if (!body) {
      throw new AttachmentNotFoundError();
    }
    return buffer(body);
  }

  private logSweepFailure(error: unknown): void {
    this.logger.warn(`Sweeping unsent attachments failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function streamOf(data: Buffer): Readable {
  return Readable.from([data]);
}
