import { InvalidInputError } from '../../common/domain-error';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min, NotEquals, ValidateIf } from 'class-validator';
import {
  type BoardTimer,
  MAX_TIMER_MS,
  MIN_TIMER_MS,
  type TimerCommand,
  type TimerState,
  type TimerStatus,
} from '../../../../contracts/facilitation';

export const TIMER_ACTIONS = ['start', 'pause', 'resume', 'reset', 'extend'] as const;
type TimerAction = (typeof TIMER_ACTIONS)[number];

const durationRange = `durationMs must be between ${MIN_TIMER_MS} and ${MAX_TIMER_MS}`;
const extendRange = `byMs must be between -${MAX_TIMER_MS} and ${MAX_TIMER_MS}, and not 0`;

/** One body for every command: durationMs only with start, byMs only with extend. */
export class TimerCommandDto {
  @ApiProperty({ enum: TIMER_ACTIONS })
  @IsIn(TIMER_ACTIONS, { message: `action must be one of ${TIMER_ACTIONS.join(', ')}` })
  action!: TimerAction;

  @ApiPropertyOptional({ minimum: MIN_TIMER_MS, maximum: MAX_TIMER_MS, description: 'With start (required there): the countdown’s length' })
  @ValidateIf((body: TimerCommandDto) => body.action === 'start' || body.durationMs !== undefined)
  @IsInt({ message: 'durationMs must be a whole number of milliseconds' })
  @Min(MIN_TIMER_MS, { message: durationRange })
  @Max(MAX_TIMER_MS, { message: durationRange })
  durationMs?: number;

  @ApiPropertyOptional({
    minimum: -MAX_TIMER_MS,
    maximum: MAX_TIMER_MS,
    description: 'With extend (required there): adds time, or takes it off when negative',
  })
  @ValidateIf((body: TimerCommandDto) => body.action === 'extend' || body.byMs !== undefined)
  @IsInt({ message: 'byMs must be a whole number of milliseconds' })
  @NotEquals(0, { message: extendRange })
  @Min(-MAX_TIMER_MS, { message: extendRange })
  @Max(MAX_TIMER_MS, { message: extendRange })
  byMs?: number;
}

export class BoardTimerDto implements BoardTimer {
  @ApiProperty({ enum: ['idle', 'running', 'paused'] }) status!: TimerStatus;
  @ApiProperty({ description: 'Length it was started (or last reset) with' }) durationMs!: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'running: when it reaches zero, by the server’s clock' }) endsAt?: string;
  @ApiProperty({ description: 'Left as of serverTime: 0 once a running timer has run out' }) remainingMs!: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) updatedBy!: string | null;
  @ApiProperty({ description: '+1 on every command; 0 before the first' }) revision!: number;
}

export class TimerStateDto implements TimerState {
  @ApiProperty({ type: BoardTimerDto }) timer!: BoardTimerDto;
  @ApiProperty({ format: 'date-time', description: 'The server’s clock when this was read: correct your clock’s skew with it' })
  serverTime!: string;
}

/** The DTO is checked field by field; this narrows it to the contract's union, refusing a field of another action. */
export function toTimerCommand(body: TimerCommandDto): TimerCommand {
  if (body.durationMs !== undefined && body.action !== 'start') {
    throw new InvalidInputError('durationMs goes only with action start');
  }
  if (body.byMs !== undefined && body.action !== 'extend') {
    throw new InvalidInputError('byMs goes only with action extend');
  }
  switch (body.action) {
    case 'start':
      return { action: 'start', durationMs: body.durationMs! };
    case 'extend':
      return { action: 'extend', byMs: body.byMs! };
    default:
      return { action: body.action };
  }
}
