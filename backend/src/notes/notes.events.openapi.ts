import { getSchemaPath } from '@nestjs/swagger';
import { type EventSchemas, objectSchema as obj, stringSchema as string } from '../events/events.openapi';
import { NoteDto } from './dto/note.dto';

const NOTE_FIELDS = ['text', 'x', 'y', 'color'];

export const NOTE_EVENT_SCHEMAS: EventSchemas<'note.created' | 'note.updated' | 'note.deleted' | 'trash.emptied'> = {
  models: [NoteDto],
  data: {
    'note.created': obj(
      {
        note: { $ref: getSchemaPath(NoteDto) },
        clientId: string,
        restored: { type: 'boolean', enum: [true], description: 'Brought back from the trash with its original id' },
      },
      ['note'],
    ),
    'note.updated': obj(
      {
        note: { $ref: getSchemaPath(NoteDto) },
        clientId: string,
        changed: { type: 'array', items: { type: 'string', enum: NOTE_FIELDS }, description: 'The fields whose value this write changed' },
      },
      ['note'],
    ),
    'note.deleted': obj(
      {
        boardId: string,
        noteId: string,
        clientId: string,
        noteText: { type: 'string', maxLength: 80, description: 'An excerpt of the deleted note’s text; the note is in the trash' },
      },
      ['boardId', 'noteId'],
    ),
    'trash.emptied': obj({ boardId: string }),
  },
};
