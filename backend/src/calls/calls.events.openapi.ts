import { getSchemaPath } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PublicUserDto } from '../auth/dto/auth-response.dto';
import { type EventSchemas, objectSchema as obj, stringSchema as string } from '../events/events.openapi';
import { CallDto } from './dto/call-response.dto';

const nullableString: SchemaObject = { type: 'string', nullable: true };
const candidates: SchemaObject = {
  type: 'array',
  maxItems: 50,
  description: 'RTCIceCandidateInit fields; an empty list ends the candidates',
  items: obj(
    { candidate: string, sdpMid: nullableString, sdpMLineIndex: { type: 'integer', nullable: true }, usernameFragment: nullableString },
    [],
  ),
};

export const CALL_EVENT_SCHEMAS: EventSchemas<'call.offer' | 'call.answer' | 'call.answered' | 'call.ice-candidate' | 'call.ended'> = {
  models: [CallDto, PublicUserDto],
  data: {
    'call.offer': obj({ call: { $ref: getSchemaPath(CallDto) }, from: { $ref: getSchemaPath(PublicUserDto) }, sdp: string }),
    'call.answer': obj({ callId: string, sdp: string, deviceId: string }),
    'call.answered': obj({ callId: string, deviceId: string }),
    'call.ice-candidate': obj({ callId: string, candidates, fromDeviceId: string }),
    'call.ended': obj(
      {
        callId: string,
        reason: { type: 'string', enum: ['declined', 'hangup', 'cancelled', 'missed', 'busy', 'glare', 'connection_lost'] },
        survivorId: { ...string, description: 'After glare: the call both apps join' },
      },
      ['callId', 'reason'],
    ),
  },
};
