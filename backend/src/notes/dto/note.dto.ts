import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { StripControls } from '../../common/text';
import { IsBoardCoordinate, IsClientId } from '../../common/validation';
import { BOARD_HEIGHT, BOARD_WIDTH, MAX_NOTE_TEXT, Note, NOTE_COLORS } from '../../../../contracts/boards';
import type { CreateNoteRequest, NoteColor, UpdateNoteRequest } from '../../../../contracts/boards';

export class CreateNoteDto implements CreateNoteRequest {
  @ApiProperty({
    maxLength: MAX_NOTE_TEXT,
    example: 'Ship it',
    description: 'Keeps line breaks and tabs; other control characters are removed',
  })
  @StripControls()
  @IsString()
  @MaxLength(MAX_NOTE_TEXT, { message: `text must be at most ${MAX_NOTE_TEXT} characters` })
  text!: string;

  @ApiProperty({ minimum: 0, maximum: BOARD_WIDTH })
  @IsBoardCoordinate('x')
  x!: number;

  @ApiProperty({ minimum: 0, maximum: BOARD_HEIGHT })
  @IsBoardCoordinate('y')
  y!: number;

  @ApiProperty({ enum: NOTE_COLORS })
  @IsIn(NOTE_COLORS, { message: `color must be one of ${NOTE_COLORS.join(', ')}` })
  color!: NoteColor;

  @ApiPropertyOptional({ description: 'Echoed in the note.created event so the sender can match its optimistic note', maxLength: 64 })
  @IsOptional()
  @IsClientId()
  clientId?: string;
}

export class UpdateNoteDto implements UpdateNoteRequest {
  @ApiPropertyOptional({ maxLength: MAX_NOTE_TEXT, description: 'Keeps line breaks and tabs; other control characters are removed' })
  @IsOptional()
  @StripControls()
  @IsString()
  @MaxLength(MAX_NOTE_TEXT, { message: `text must be at most ${MAX_NOTE_TEXT} characters` })
  text?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: BOARD_WIDTH })
  @IsOptional()
  @IsBoardCoordinate('x')
  x?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: BOARD_HEIGHT })
  @IsOptional()
  @IsBoardCoordinate('y')
  y?: number;

  @ApiPropertyOptional({ enum: NOTE_COLORS })
  @IsOptional()
  @IsIn(NOTE_COLORS, { message: `color must be one of ${NOTE_COLORS.join(', ')}` })
  color?: NoteColor;

  @ApiPropertyOptional({ description: 'The version you edited; stale → 409 with the current note. Omit for last-writer-wins moves.' })
  @IsOptional()
  @IsInt({ message: 'version must be a whole number' })
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ maxLength: 64 })
  @IsOptional()
  @IsClientId()
  clientId?: string;
}

export class NoteDto implements Note {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) boardId!: string;
  @ApiProperty() text!: string;
  @ApiProperty() x!: number;
  @ApiProperty() y!: number;
  @ApiProperty({ enum: NOTE_COLORS }) color!: NoteColor;
  @ApiProperty({ description: 'Starts at 1; +1 on every change' }) version!: number;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class NoteConflictDto {
  @ApiProperty({ example: 409 }) statusCode!: number;
  @ApiProperty({ example: 'Conflict' }) error!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ type: NoteDto, description: 'The note as it is now' }) current!: NoteDto;
}
