import { type EventSchemas, objectSchema as obj, stringSchema as string } from '../events/events.openapi';

const jwk = obj({ kty: { type: 'string', enum: ['EC'] }, crv: { type: 'string', enum: ['P-256'] }, x: string, y: string });
const device = obj({
  id: string,
  userId: string,
  name: string,
  ecdhPublicKey: jwk,
  signingPublicKey: jwk,
  createdAt: { type: 'string', format: 'date-time' },
});
const strings = { type: 'array', items: string } as const;

/** Device and content-key events of end-to-end encrypted conversations: public keys and ids only, never a key. */
export const KEY_EVENT_SCHEMAS: EventSchemas<
  'device.added' | 'device.removed' | 'conversation.key_requested' | 'conversation.key_shared' | 'conversation.key_rotated'
> = {
  models: [],
  data: {
    'device.added': obj({ device }),
    'device.removed': obj({ userId: string, deviceId: string }),
    'conversation.key_requested': obj({ conversationId: string, userId: string, deviceId: string, keyIds: strings }, [
      'conversationId',
      'userId',
      'deviceId',
    ]),
    'conversation.key_shared': obj({ conversationId: string, deviceId: string, keyIds: strings }),
    'conversation.key_rotated': obj({ conversationId: string, keyId: string }),
  },
};
