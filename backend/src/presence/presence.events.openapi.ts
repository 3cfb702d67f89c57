import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { type EventSchemas, objectSchema as obj, stringSchema as string } from '../events/events.openapi';

const status: SchemaObject = { type: 'string', enum: ['online', 'away', 'busy'] };

// The board point at the centre of the user's view, and their zoom.
const viewport = obj({ userId: string, x: { type: 'number' }, y: { type: 'number' }, zoom: { type: 'number' } });

export const PRESENCE_EVENT_SCHEMAS: EventSchemas<
  'presence.joined' | 'presence.left' | 'presence.updated' | 'cursor.moved' | 'viewport.moved' | 'viewport.summoned'
> = {
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
    'viewport.moved': viewport,
    'viewport.summoned': viewport,
  },
};
