import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ACTIVITY_PAGE_DEFAULT, ACTIVITY_PAGE_MAX } from '../../../../contracts/activity';
import { type ActivityEntry, type ActivityKind, type ActivityPage, BOARD_ROLES, type BoardRole } from '../../../../contracts/boards';

/** An event id, `<ms>-<seq>`. */
const ENTRY_ID = /^\d{1,15}-\d{1,15}$/;

// A record, so a kind added to the contracts without being listed here does not compile.
const KINDS: Record<ActivityKind, true> = {
  'note.created': true,
  'note.edited': true,
  'note.moved': true,
  'note.recolored': true,
  'note.deleted': true,
  'note.restored': true,
  'member.joined': true,
  'member.left': true,
  'member.removed': true,
  'member.role_changed': true,
  'board.owner_changed': true,
  'trash.emptied': true,
  'vote.started': true,
  'vote.ended': true,
};
const ACTIVITY_KINDS = Object.keys(KINDS);

export class ActivityPageQueryDto {
  @ApiPropertyOptional({ example: '1767225600000-0', description: 'Entries older than this entry id (the previous page’s nextBefore)' })
  @IsOptional()
  @Matches(ENTRY_ID, { message: 'before must be an activity entry id (<ms>-<seq>)' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: ACTIVITY_PAGE_MAX, default: ACTIVITY_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: `limit must be 1 to ${ACTIVITY_PAGE_MAX}` })
  @Max(ACTIVITY_PAGE_MAX, { message: `limit must be 1 to ${ACTIVITY_PAGE_MAX}` })
  limit?: number;
}

export class ActivityEntryDto implements ActivityEntry {
  @ApiProperty({ example: '1767225600000-0', description: 'The id of the board event it was built from' }) id!: string;
  @ApiProperty({ format: 'uuid' }) boardId!: string;
  @ApiProperty({ enum: ACTIVITY_KINDS }) kind!: ActivityKind;
  @ApiProperty({ type: String, nullable: true, description: 'Who did it; null for the system' }) actorId!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ format: 'uuid' }) noteId?: string;
  @ApiPropertyOptional({ maxLength: 80, description: 'An excerpt of the note’s text at the time' }) noteText?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'For member.* and owner changes: whom it concerned' }) userId?: string;
  @ApiPropertyOptional({ enum: BOARD_ROLES }) role?: BoardRole;
}

export class ActivityPageDto implements ActivityPage {
  @ApiProperty({ type: [ActivityEntryDto], description: 'Newest first' }) entries!: ActivityEntryDto[];
  @ApiPropertyOptional({ description: 'Pass as ?before= for the next (older) page; absent at the end' }) nextBefore?: string;
}
