import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import {
  type DotCounts,
  MAX_DOTS_PER_USER,
  MIN_DOTS_PER_USER,
  type StartVoteRequest,
  type VoteState,
  type VoteStatus,
  type VoteView,
} from '../../../../contracts/facilitation';

const dotsRange = `dotsPerUser must be a whole number from ${MIN_DOTS_PER_USER} to ${MAX_DOTS_PER_USER}`;

export class StartVoteDto implements StartVoteRequest {
  @ApiProperty({ minimum: MIN_DOTS_PER_USER, maximum: MAX_DOTS_PER_USER, example: 3 })
  @IsInt({ message: dotsRange })
  @Min(MIN_DOTS_PER_USER, { message: dotsRange })
  @Max(MAX_DOTS_PER_USER, { message: dotsRange })
  dotsPerUser!: number;

  @ApiPropertyOptional({ default: false, description: 'While it runs, members see only how many dots were placed in all' })
  @IsOptional()
  @IsBoolean({ message: 'anonymous must be true or false' })
  anonymous?: boolean;
}

export class PlaceDotDto {
  @ApiProperty({ format: 'uuid', description: 'A note on this board' })
  @IsUUID('4', { message: 'noteId must be a note id (a v4 UUID)' })
  noteId!: string;
}

const DOT_COUNTS = { type: 'object', additionalProperties: { type: 'integer', minimum: 1 }, example: { 'note-id': 2 } } as const;

export class VoteViewDto implements VoteView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) boardId!: string;
  @ApiProperty({ enum: ['running', 'ended'] }) status!: VoteStatus;
  @ApiProperty({ minimum: MIN_DOTS_PER_USER, maximum: MAX_DOTS_PER_USER }) dotsPerUser!: number;
  @ApiProperty() anonymous!: boolean;
  @ApiProperty({ format: 'uuid' }) startedBy!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) endedAt?: string;
  @ApiProperty({ description: 'Rises with every change to the board’s votes: apply an event only when its revision is newer' })
  revision!: number;
  @ApiProperty({ description: 'Dots placed by everyone' }) totalDots!: number;
  @ApiProperty({ description: 'Members with at least one dot placed' }) voters!: number;
  @ApiProperty({ ...DOT_COUNTS, description: 'Your dots per note (empty in broadcast events: keep your own)' }) myDots!: DotCounts;
  @ApiPropertyOptional({ ...DOT_COUNTS, description: 'Dots per note: for a named vote always, for an anonymous one once it ended' })
  results?: DotCounts;
}

export class VoteStateDto implements VoteState {
  @ApiProperty({ type: VoteViewDto, nullable: true, description: 'null when the board has no vote' }) vote!: VoteViewDto | null;
}
