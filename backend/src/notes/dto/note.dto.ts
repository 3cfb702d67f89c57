import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { BOARD_HEIGHT, BOARD_WIDTH, MAX_NOTE_TEXT, Note, NOTE_COLORS } from '../../../../contracts/boards';
import type { CreateNoteRequest, NoteColor, UpdateNoteRequest } from '../../../../contracts/boards';

const FINITE = { allowNaN: false, allowInfinity: false };
const CLIENT_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export class CreateNoteDto implements CreateNoteRequest {
  @ApiProperty({ maxLength: MAX_NOTE_TEXT, example: 'Ship it' })
  @IsString()
  @MaxLength(MAX_NOTE_TEXT, { message: `text must be at most ${MAX_NOTE_TEXT} characters` })
  text!: string;

  @ApiProperty({ minimum: 0, maximum: BOARD_WIDTH })
  @IsNumber(FINITE, { message: 'x must be a finite number' })
  @Min(0, { message: `x must be between 0 and ${BOARD_WIDTH}` })
  @Max(BOARD_WIDTH, { message: `x must be between 0 and ${BOARD_WIDTH}` })
  x!: number;

  @ApiProperty({ minimum: 0, maximum: BOARD_HEIGHT })
  @IsNumber(FINITE, { message: 'y must be a finite number' })
  @Min(0, { message: `y must be between 0 and ${BOARD_HEIGHT}` })
  @Max(BOARD_HEIGHT, { message: `y must be between 0 and ${BOARD_HEIGHT}` })
  y!: number;

  @ApiProperty({ enum: NOTE_COLORS })
  @IsIn(NOTE_COLORS, { message: `color must be one of ${NOTE_COLORS.join(', ')}` })
  color!: NoteColor;

  @ApiPropertyOptional({ description: 'Echoed in the note.created event so the sender can match its optimistic note', maxLength: 64 })
  @IsOptional()
  @Matches(CLIENT_ID, { message: 'clientId must be 1 to 64 characters of A-Z a-z 0-9 _ . : -' })
  clientId?: string;
}

export class UpdateNoteDto implements UpdateNoteRequest {
  @ApiPropertyOptional({ maxLength: MAX_NOTE_TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTE_TEXT, { message: `text must be at most ${MAX_NOTE_TEXT} characters` })
  text?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: BOARD_WIDTH })
  @IsOptional()
  @IsNumber(FINITE, { message: 'x must be a finite number' })
  @Min(0, { message: `x must be between 0 and ${BOARD_WIDTH}` })
  @Max(BOARD_WIDTH, { message: `x must be between 0 and ${BOARD_WIDTH}` })
  x?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: BOARD_HEIGHT })
  @IsOptional()
  @IsNumber(FINITE, { message: 'y must be a finite number' })
  @Min(0, { message: `y must be between 0 and ${BOARD_HEIGHT}` })
  @Max(BOARD_HEIGHT, { message: `y must be between 0 and ${BOARD_HEIGHT}` })
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
  @Matches(CLIENT_ID, { message: 'clientId must be 1 to 64 characters of A-Z a-z 0-9 _ . : -' })
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
