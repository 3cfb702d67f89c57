import { expect } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Attachment } from '../../contracts/attachments';
import type { ChatMessage } from '../../contracts/chat';
import { AttachmentsService } from '../src/attachments/attachments.service';
import { MessagesRepository } from '../src/chat/messages.repository';
import { ApiUser } from './support/api';
import { binary, multipart } from './support/multipart';
import { startTestApp, type TestApp } from './support/test-app';
import { startRedis, type RedisServer } from './support/redis-server';

const RETENTION = 100;
/** Redis trims whole stream nodes (MAXLEN ~, 100 entries a node): well within this many messages. */
const MAX_MESSAGES = RETENTION * 6;

interface Pods {
  a: TestApp;
  b: TestApp;
  stop(): Promise<void>;
}

async function startPods(backend: 'memory' | 'redis', env: Record<string, string>): Promise<Pods> {
  if (backend === 'memory') {
    const pod = await startTestApp(env);
    return { a: pod, b: pod, stop: () => pod.close() };
  }
  const redis: RedisServer = await startRedis();
  const [a, b] = await Promise.all([startTestApp({ ...env, REDIS_URL: redis.url }), startTestApp({ ...env, REDIS_URL: redis.url })]);
  return {
    a,
    b,
    stop: async () => {
      await Promise.all([a.close(), b.close()]);
      await redis.stop();
    },
  };
}

describe.each(['memory', 'redis'] as const)('attachments of messages that chat retention trims (%s)', (backend) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'corkboard-data-'));
  let pods: Pods;
  let ann: ApiUser;
  let ben: ApiUser;

  beforeAll(async () => {
    pods = await startPods(backend, {
      DATA_DIR: dataDir,
      CHAT_RETENTION: String(RETENTION),
      WRITE_RATE_LIMIT: '100000',
      CHAT_RATE_LIMIT: '100000',
      ATTACHMENT_RATE_LIMIT: '100000',
    });
    [ann, ben] = await Promise.all(['ann', 'ben'].map((prefix) => ApiUser.register(pods.a.url, prefix)));
    ben = ben.on(pods.b.url);
  });

  afterAll(async () => {
    await pods.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const upload = async (boardId: string, size: number): Promise<Attachment> => {
    const { body, contentType } = multipart({ name: 'notes.txt', data: Buffer.from('x'.repeat(size)) });
    return (await ann.api.post(`/api/attachments?room=board:${boardId}`).set('Content-Type', contentType).send(body).expect(201))
      .body as Attachment;
  };
  const uploadAndSend = async (boardId: string, size: number): Promise<{ attachment: Attachment; message: ChatMessage }> => {
    const attachment = await upload(boardId, size);
    const message = (
      await ann.api
        .post(`/api/boards/${boardId}/messages`)
        .send({ attachmentIds: [attachment.id] })
        .expect(201)
    ).body as ChatMessage;
    return { attachment, message };
  };
  const download = (user: ApiUser, id: string) => user.api.get(`/api/attachments/${id}`).buffer(true).parse(binary);
  const usage = (): Promise<number> => pods.a.app.get(AttachmentsService).usedQuota(ann.id);
  const stillThere = async (roomId: string, messageId: string): Promise<boolean> =>
    (await pods.b.app.get(MessagesRepository).find(roomId, messageId)) !== undefined;
  const blobs = (): string[] => readdirSync(join(dataDir, 'attachments'));

  it('deletes the attachments of trimmed messages once, freeing the quota, and keeps those of kept messages', async () => {
    const board = await ann.createBoard('Busy room');
    const roomId = `board:${board.id}`;
    await ann.addMember(board.id, ben);
    const before = await usage();
    // Unsent, so never trimmed: a quota freed twice would fall below it.
    await upload(board.id, 500);
    const old = await uploadAndSend(board.id, 3000);
    let recent: { attachment: Attachment; message: ChatMessage } | undefined;

    // Both members chat on both pods, two messages at a time, so trims race between pods. The
    // post that trims deletes the attachments before it answers: checking after each round is exact.
    let sent = 0;
    while ((await stillThere(roomId, old.message.id)) && sent < MAX_MESSAGES) {
      await Promise.all(
        [ann, ben].map((user) =>
          user.api
            .post(`/api/boards/${board.id}/messages`)
            .send({ content: `chat ${sent}` })
            .expect(201),
        ),
      );
      sent += 2;
      if (sent === RETENTION / 2) {
        recent = await uploadAndSend(board.id, 1000);
      }
    }

    expect(await stillThere(roomId, old.message.id)).toBe(false);
    await download(ben, old.attachment.id).expect(404);
    await download(ann, old.attachment.id).expect(404);
    expect(blobs()).not.toContain(old.attachment.id);

    // Redis trims whole stream nodes, which may take the recent message along; memory trims one by one.
    const recentKept = await stillThere(roomId, recent!.message.id);
    expect(recentKept || backend === 'redis').toBe(true);
    expect((await usage()) - before).toBe(500 + (recentKept ? 1000 : 0));
    await download(ben, recent!.attachment.id).expect(recentKept ? 200 : 404);
    expect(blobs().includes(recent!.attachment.id)).toBe(recentKept);
  });
});
