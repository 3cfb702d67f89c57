import type { OpenAPIObject } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { EventType } from '../../../contracts/events';
import { BOARD_EVENT_SCHEMAS } from '../boards/boards.events.openapi';
import { CALL_EVENT_SCHEMAS } from '../calls/calls.events.openapi';
import { CHAT_EVENT_SCHEMAS } from '../chat/chat.events.openapi';
import { CORE_EVENT_SCHEMAS, EVENT_ENVELOPE_SLOT, eventEnvelopesSchema } from '../events/events.openapi';
import { KEY_EVENT_SCHEMAS } from '../keys/keys.events.openapi';
import { JOB_EVENT_SCHEMAS } from '../jobs/jobs.events.openapi';
import { NOTE_EVENT_SCHEMAS } from '../notes/notes.events.openapi';
import { NOTIFICATION_EVENT_SCHEMAS } from '../notifications/notifications.events.openapi';
import { PRESENCE_EVENT_SCHEMAS } from '../presence/presence.events.openapi';
import { TIMER_EVENT_SCHEMAS } from '../timer/timer.events.openapi';
import { VOTE_EVENT_SCHEMAS } from '../votes/votes.events.openapi';

const CONTRIBUTIONS = [
  CORE_EVENT_SCHEMAS,
  BOARD_EVENT_SCHEMAS,
  NOTE_EVENT_SCHEMAS,
  NOTIFICATION_EVENT_SCHEMAS,
  PRESENCE_EVENT_SCHEMAS,
  JOB_EVENT_SCHEMAS,
  CHAT_EVENT_SCHEMAS,
  CALL_EVENT_SCHEMAS,
  KEY_EVENT_SCHEMAS,
  TIMER_EVENT_SCHEMAS,
  VOTE_EVENT_SCHEMAS,
];

// A Record over EventType: adding an event to the contracts without documenting it in some module does not compile.
const EVENT_DATA: Record<EventType, SchemaObject | ReferenceObject> = {
  ...CORE_EVENT_SCHEMAS.data,
  ...BOARD_EVENT_SCHEMAS.data,
  ...NOTE_EVENT_SCHEMAS.data,
  ...NOTIFICATION_EVENT_SCHEMAS.data,
  ...PRESENCE_EVENT_SCHEMAS.data,
  ...JOB_EVENT_SCHEMAS.data,
  ...CHAT_EVENT_SCHEMAS.data,
  ...CALL_EVENT_SCHEMAS.data,
  ...KEY_EVENT_SCHEMAS.data,
  ...TIMER_EVENT_SCHEMAS.data,
  ...VOTE_EVENT_SCHEMAS.data,
};

/** The DTOs the event schemas refer to; the document must define them. */
export const EVENT_MODELS = [...new Set(CONTRIBUTIONS.flatMap((contribution) => contribution.models))];

/** Puts the envelope of every module's events where a route left the slot for it (a stream's body, a poll's `events`). */
export function fillEventEnvelopes(document: OpenAPIObject): void {
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path)) {
      const responses = (operation as { responses?: Record<string, { content?: Record<string, { schema?: SchemaObject }> }> })?.responses;
      for (const response of Object.values(responses ?? {})) {
        for (const media of Object.values(response.content ?? {})) {
          if (media.schema) {
            media.schema = filled(media.schema);
          }
        }
      }
    }
  }
}

function filled(schema: SchemaObject): SchemaObject {
  if (schema.title === EVENT_ENVELOPE_SLOT) {
    return eventEnvelopesSchema(EVENT_DATA);
  }
  if (schema.items && !('$ref' in schema.items)) {
    schema.items = filled(schema.items);
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (!('$ref' in property)) {
      schema.properties![name] = filled(property);
    }
  }
  return schema;
}
