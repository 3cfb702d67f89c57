import type { BoardSnapshot, Note } from '../../../contracts/boards';
import { parseCursor } from '../../../contracts/cursor';
import type { EventEnvelope } from '../../../contracts/events';
import type { ApiUser } from './api';
import { SseClient, type SseEvent } from './sse-client';

/** One segment of a client's view of the board channel: from a start position, the ids it got. */
export interface Segment {
  after: string;
  ids: string[];
  /** Which connection brought each id (for a readable failure). */
  via: string[];
}

/**
 * A client as the app is one: it keeps the board's notes from the events, resumes with its
 * cursor after every disconnect (on whichever pod is up), and refetches on a reset.
 */
export class BoardClient {
  readonly notes = new Map<string, Note>();
  readonly segments: Segment[] = [];
  connection: SseClient | undefined;
  cursor: string | undefined;
  resets = 0;
  forgedResumes = 0;
  /** Forged-cursor connections whose first event after stream.ready was not a reset of the board. */
  forgedWithoutReset = 0;
  connects = 0;
  /** Away on purpose: the healer leaves it alone. */
  away = false;
  private label = '';
  private refetching: Promise<void> | undefined;
  private buffered: SseEvent[] = [];

  constructor(
    readonly user: ApiUser,
    readonly channel: string,
    private readonly boardId: string,
  ) {}

  async connect(url: string, forge = false): Promise<void> {
    let lastEventId = this.cursor;
    if (forge && lastEventId) {
      // Same epoch, a day ahead of anything the channel holds.
      const position = parseCursor(lastEventId)!.get(this.channel)!;
      lastEventId = lastEventId.replace(
        `${this.channel}@${position.epoch}:${position.id}`,
        `${this.channel}@${position.epoch}:${Date.now() + 86_400_000}-0`,
      );
      this.forgedResumes++;
    }
    this.drop();
    const connection = await SseClient.open(url, { token: this.user.token, channels: [this.channel], lastEventId });
    this.connects++;
    this.connection = connection;
    this.label = `#${this.connects} ${url.slice(-5)}${forge ? ' forged' : ''} from ${lastEventId ?? 'none'}`;
    let seen = 0;
    const handle = (event: SseEvent): void => {
      seen++;
      if (
        forge &&
        seen === 2 &&
        !(event.type === 'reset' && (event.envelope as EventEnvelope<'reset'>).data.channels.includes(this.channel))
      ) {
        this.forgedWithoutReset++;
      }
      this.receive(event);
    };
    // Events parsed before this line (same packet as the headers) come first, then the rest as they arrive.
    for (const event of connection.events) {
      handle(event);
    }
    connection.onEvent = handle;
    if (!this.cursor) {
      await this.refetch();
    }
  }

  /** Closes the connection; nothing it still had in flight counts. */
  drop(): void {
    if (!this.connection) {
      return;
    }
    this.connection.onEvent = undefined;
    this.connection.close();
  }

  get up(): boolean {
    return this.connection !== undefined && !this.connection.isEnded;
  }

  get position(): string | undefined {
    return this.cursor === undefined ? undefined : parseCursor(this.cursor)?.get(this.channel)?.id;
  }

  async settled(): Promise<void> {
    await this.refetching;
  }

  private receive(event: SseEvent): void {
    if (event.id) {
      this.cursor = event.id;
    }
    if (event.type === 'stream.ready' && this.segments.length === 0) {
      this.segments.push({ after: this.position!, ids: [], via: [] });
    }
    if (event.type === 'reset' && (event.envelope as EventEnvelope<'reset'>).data.channels.includes(this.channel)) {
      this.resets++;
      this.segments.push({ after: this.position!, ids: [], via: [] });
      void this.refetch();
    }
    if (event.envelope.channel !== this.channel || event.type === 'stream.ready') {
      return;
    }
    this.segments[this.segments.length - 1].ids.push(event.envelope.id);
    this.segments[this.segments.length - 1].via.push(`${event.type} ${this.label}`);
    if (this.refetching) {
      this.buffered.push(event);
    } else {
      this.apply(event);
    }
  }

  /** Events that arrive while the snapshot loads are applied after it, in order. */
  private refetch(): Promise<void> {
    this.refetching ??= (async () => {
      const snapshot = (await this.user.api.get(`/api/boards/${this.boardId}`).expect(200)).body as BoardSnapshot;
      this.notes.clear();
      for (const note of snapshot.notes) {
        this.notes.set(note.id, note);
      }
      this.refetching = undefined;
      for (const event of this.buffered.splice(0)) {
        this.apply(event);
      }
    })();
    return this.refetching;
  }

  private apply(event: SseEvent): void {
    if (event.type === 'note.created' || event.type === 'note.updated') {
      const { note } = (event.envelope as EventEnvelope<'note.created'>).data;
      if ((this.notes.get(note.id)?.version ?? 0) < note.version) {
        this.notes.set(note.id, note);
      }
    } else if (event.type === 'note.deleted') {
      this.notes.delete((event.envelope as EventEnvelope<'note.deleted'>).data.noteId);
    }
  }
}
