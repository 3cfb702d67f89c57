import request from 'supertest';
import type { EventType } from '../../contracts/events';
import { type TestApp, startTestApp } from './support/test-app';

// A Record over EventType, so an event added to the contracts must be listed here too.
const EVENT_TYPES: Record<EventType, true> = {
  'stream.ready': true,
  heartbeat: true,
  reset: true,
  'stream.closing': true,
  'session.expiring': true,
  pong: true,
  'call.offer': true,
  'call.answer': true,
  'call.answered': true,
  'call.ice-candidate': true,
  'call.ended': true,
  'board.member_added': true,
  'board.role_changed': true,
  'board.invitation': true,
  'board.member_removed': true,
  'channel.revoked': true,
  'board.deleted': true,
  'note.created': true,
  'note.updated': true,
  'note.deleted': true,
  notification: true,
  'notification.read': true,
  'presence.joined': true,
  'presence.left': true,
  'presence.updated': true,
  'cursor.moved': true,
  'chat.message_deleted': true,
  'device.added': true,
  'device.removed': true,
  'conversation.key_requested': true,
  'conversation.key_shared': true,
  'conversation.key_rotated': true,
  'job.queued': true,
  'job.state': true,
  'job.progress': true,
  'job.completed': true,
  'job.failed': true,
  'job.cancelled': true,
  'chat.message': true,
  'chat.typing': true,
  'chat.read': true,
  'conversation.created': true,
  'conversation.activity': true,
};

interface Envelope {
  properties: { type: { enum: string[] }; data: { $ref?: string; properties?: Record<string, { $ref?: string }>; oneOf?: unknown[] } };
}

describe('the OpenAPI document of the event stream', () => {
  let pod: TestApp;
  let docs: {
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { oneOf: Envelope[] } }> }> }>>;
    components: { schemas: Record<string, unknown> };
  };

  beforeAll(async () => {
    pod = await startTestApp();
    docs = (await request(pod.url).get('/api/docs-json').expect(200)).body as typeof docs;
  });

  afterAll(async () => {
    await pod?.close();
  });

  it('has one envelope schema, with a data schema, for every event type, each module contributing its own', () => {
    const envelopes = docs.paths['/api/events'].get.responses['200'].content!['text/event-stream'].schema.oneOf;
    const types = envelopes.map((envelope) => envelope.properties.type.enum[0]);
    expect([...types].sort()).toEqual(Object.keys(EVENT_TYPES).sort());
    for (const envelope of envelopes) {
      expect(envelope.properties.data).toEqual(expect.any(Object));
    }
  });

  it('defines every model an event schema refers to', () => {
    const refs = JSON.stringify(docs.paths['/api/events'].get.responses['200'].content!['text/event-stream'].schema).match(
      /#\/components\/schemas\/\w+/g,
    );
    expect(refs).not.toBeNull();
    for (const ref of new Set(refs)) {
      expect(docs.components.schemas[ref.slice('#/components/schemas/'.length)]).toBeDefined();
    }
    expect(Object.keys(docs.components.schemas)).toEqual(
      expect.arrayContaining(['NoteDto', 'BoardDto', 'PublicUserDto', 'ChatMessageDto', 'ConversationDto', 'JobDto']),
    );
  });
});
