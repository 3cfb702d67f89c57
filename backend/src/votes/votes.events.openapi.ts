import { getSchemaPath } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { type EventSchemas, objectSchema as obj, stringSchema as string } from '../events/events.openapi';
import { VoteViewDto } from './dto/vote.dto';

const integer: SchemaObject = { type: 'integer' };
const dotCounts: SchemaObject = { type: 'object', additionalProperties: { type: 'integer', minimum: 1 }, description: 'Note id → dots' };
const vote = { vote: { $ref: getSchemaPath(VoteViewDto) } };

export const VOTE_EVENT_SCHEMAS: EventSchemas<'vote.started' | 'vote.dots_changed' | 'vote.my_dots' | 'vote.ended' | 'vote.cleared'> = {
  models: [VoteViewDto],
  data: {
    'vote.started': obj(vote),
    'vote.dots_changed': {
      ...obj(
        {
          boardId: string,
          voteId: string,
          revision: integer,
          totalDots: integer,
          voters: integer,
          noteId: { ...string, description: 'Named votes only' },
          noteTotal: { ...integer, description: 'Named votes only: the note’s dots now' },
          userId: { ...string, description: 'Named votes only: who placed or took back the dot' },
        },
        ['boardId', 'voteId', 'revision', 'totalDots', 'voters'],
      ),
      description: 'An anonymous vote’s event carries only the totals until vote.ended reveals the results',
    },
    'vote.my_dots': {
      ...obj({ boardId: string, voteId: string, revision: integer, myDots: dotCounts }),
      description: 'On the voter’s user channel',
    },
    'vote.ended': { ...obj(vote), description: 'With results for everyone; myDots is empty (each app keeps its own)' },
    'vote.cleared': obj({ boardId: string, voteId: string }),
  },
};
