import type { Type } from '@nestjs/common';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { EventType } from '../../../contracts/events';

/**
 * One module's part of the stream's documentation: a schema for the `data` of each event it
 * publishes, and the DTO classes those schemas refer to by $ref. Each module keeps its own in a
 * `<module>.events.openapi.ts`; docs/event-schemas.ts collects them, so this core module names no feature.
 */
export interface EventSchemas<K extends EventType> {
  readonly models: readonly Type<unknown>[];
  readonly data: Record<K, SchemaObject | ReferenceObject>;
}

export const stringSchema = { type: 'string' } as const;

export const objectSchema = (
  properties: Record<string, SchemaObject | ReferenceObject>,
  required = Object.keys(properties),
): SchemaObject => ({
  type: 'object',
  properties,
  required,
});

const string = stringSchema;
const obj = objectSchema;

/** Events of the stream itself and of access to it. */
export const CORE_EVENT_SCHEMAS: EventSchemas<
  'stream.ready' | 'heartbeat' | 'reset' | 'stream.closing' | 'session.expiring' | 'pong' | 'channel.revoked'
> = {
  models: [],
  data: {
    'stream.ready': obj({ connectionId: string, channels: { type: 'array', items: string }, heartbeatMs: { type: 'integer' } }),
    heartbeat: obj({}),
    reset: obj({ channels: { type: 'array', items: string } }),
    'stream.closing': obj({ reason: { type: 'string', enum: ['shutdown', 'session_expired', 'session_revoked'] } }),
    'session.expiring': obj({ expiresAt: { type: 'string', format: 'date-time' } }),
    pong: obj({ clientTime: { type: 'number' }, serverTime: { type: 'string', format: 'date-time' } }),
    'channel.revoked': obj({ channel: string, reason: { type: 'string', enum: ['left', 'removed', 'board_deleted'] } }),
  },
};

const ENVELOPE_DESCRIPTION = 'Each SSE event: `event: <type>`, `id: <cursor>`, `data: <one of these envelopes as JSON>`';

/** The title that marks where the stream's envelope schema goes; the docs builder puts every module's events there. */
export const EVENT_ENVELOPE_SLOT = 'corkboard:event-envelopes';

/** The stream's response schema as a route declares it: a slot, filled when the document is built. */
export function eventEnvelopeSchema(): SchemaObject {
  return { description: ENVELOPE_DESCRIPTION, title: EVENT_ENVELOPE_SLOT };
}

/** GET /api/events/poll's answer (contracts/poll.ts): its events are the stream's envelopes. */
export function pollResponseSchema(): SchemaObject {
  return obj(
    {
      events: { type: 'array', items: eventEnvelopeSchema(), maxItems: 501 },
      cursor: { ...string, description: "Pass back as `cursor` (or as the stream's Last-Event-ID); unchanged when nothing happened" },
      reset: {
        ...obj({ channels: { type: 'array', items: string } }),
        description: "As the stream's reset event: refetch these channels' state; the cursor stands at their heads",
      },
      retryMs: { type: 'integer', description: 'With stream.closing for shutdown: wait this long before the next poll' },
    },
    ['events', 'cursor'],
  );
}

/** The `data:` line of the stream: one envelope schema per event type. */
export function eventEnvelopesSchema(data: Record<EventType, SchemaObject | ReferenceObject>): SchemaObject {
  return {
    description: ENVELOPE_DESCRIPTION,
    oneOf: Object.entries(data).map(([type, eventData]) =>
      obj({
        id: { type: 'string', description: '<ms>-<seq> within the channel; empty for ephemeral and control events' },
        channel: { type: 'string', description: 'e.g. board:<id>; empty for control events' },
        type: { type: 'string', enum: [type] },
        timestamp: { type: 'string', format: 'date-time' },
        userId: { type: 'string', nullable: true, description: 'The actor, from their token' },
        data: eventData,
      }),
    ),
    discriminator: { propertyName: 'type' },
  };
}
