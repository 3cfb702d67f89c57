import { ApiProperty } from '@nestjs/swagger';
import type { TrashedNote } from '../../../../contracts/boards';
import { NoteDto } from './note.dto';

export class TrashedNoteDto implements TrashedNote {
  @ApiProperty({ type: NoteDto, description: 'The note as it was when deleted' }) note!: NoteDto;
  @ApiProperty({ format: 'date-time' }) deletedAt!: string;
  @ApiProperty({ format: 'uuid', description: 'Who deleted it' }) deletedBy!: string;
  @ApiProperty({ format: 'date-time', description: 'When it is removed for good' }) expiresAt!: string;
}
