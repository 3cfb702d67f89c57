import { getSchemaPath } from '@nestjs/swagger';
import { type EventSchemas, objectSchema as obj, stringSchema as string } from '../events/events.openapi';
import { NoteDto } from './dto/note.dto';

export const NOTE_EVENT_SCHEMAS: EventSchemas<'note.created' | 'note.updated' | 'note.deleted'> = {
  models: [NoteDto],
  data: {
    'note.created': obj({ note: { $ref: getSchemaPath(NoteDto) }, clientId: string }, ['note']),
    'note.updated': obj({ note: { $ref: getSchemaPath(NoteDto) }, clientId: string }, ['note']),
    'note.deleted': obj({ boardId: string, noteId: string, clientId: string }, ['boardId', 'noteId']),
  },
};
