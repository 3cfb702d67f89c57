import { getSchemaPath } from '@nestjs/swagger';
import { type EventSchemas, objectSchema as obj, stringSchema as string } from '../events/events.openapi';
import { BoardTimerDto } from './dto/timer.dto';

export const TIMER_EVENT_SCHEMAS: EventSchemas<'timer.updated'> = {
  models: [BoardTimerDto],
  data: {
    'timer.updated': obj({
      boardId: string,
      timer: { $ref: getSchemaPath(BoardTimerDto) },
      serverTime: { type: 'string', format: 'date-time', description: 'The server’s clock when the command applied: correct skew with it' },
    }),
  },
};
