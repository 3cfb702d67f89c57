import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsBoardCoordinate } from '../../common/validation';
import { BOARD_HEIGHT, BOARD_WIDTH } from '../../../../contracts/boards';
import { PRESENCE_STATUSES } from '../../../../contracts/presence';
import type { CursorRequest, PresenceStatus, PresentUser, SetStatusRequest } from '../../../../contracts/presence';

export class SetStatusDto implements SetStatusRequest {
  @ApiProperty({ enum: PRESENCE_STATUSES })
  @IsIn(PRESENCE_STATUSES, { message: `status must be one of ${PRESENCE_STATUSES.join(', ')}` })
  status!: PresenceStatus;
}

export class CursorDto implements CursorRequest {
  @ApiProperty({ minimum: 0, maximum: BOARD_WIDTH })
  @IsBoardCoordinate('x')
  x!: number;

  @ApiProperty({ minimum: 0, maximum: BOARD_HEIGHT })
  @IsBoardCoordinate('y')
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
