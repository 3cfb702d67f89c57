import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { type EventSchemas, objectSchema as obj, stringSchema as string } from '../events/events.openapi';

const status: SchemaObject = { type: 'string', enum: ['online', 'away', 'busy'] };

export const PRESENCE_EVENT_SCHEMAS: EventSchemas<'presence.joined' | 'presence.left' | 'presence.updated' | 'cursor.moved'> = {
  models: [],
  data: {
    'presence.joined': obj({
      userId: string,
      username: string,
      displayName: string,
      since: { type: 'string', format: 'date-time' },
      status,
    }),
    'presence.left': obj({ userId: string }),
    'presence.updated': obj({ userId: string, status }),
    'cursor.moved': obj({ userId: string, x: { type: 'number' }, y: { type: 'number' } }),
  },
};
