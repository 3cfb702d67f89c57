import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNumber, Max, Min } from 'class-validator';
import { BOARD_HEIGHT, BOARD_WIDTH } from '../../../../contracts/boards';
import { PRESENCE_STATUSES } from '../../../../contracts/presence';
import type { CursorRequest, PresenceStatus, PresentUser, SetStatusRequest } from '../../../../contracts/presence';

const FINITE = { allowNaN: false, allowInfinity: false };

export class SetStatusDto implements SetStatusRequest {
  @ApiProperty({ enum: PRESENCE_STATUSES })
  @IsIn(PRESENCE_STATUSES, { message: `status must be one of ${PRESENCE_STATUSES.join(', ')}` })
  status!: PresenceStatus;
}

export class CursorDto implements CursorRequest {
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
}

export class PresentUserDto implements PresentUser {
  @ApiProperty() userId!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ format: 'date-time' }) since!: string;
  @ApiProperty({ enum: PRESENCE_STATUSES }) status!: PresenceStatus;
}

export class BoardPresenceDto {
  @ApiProperty({ type: [PresentUserDto] }) users!: PresentUserDto[];
}
