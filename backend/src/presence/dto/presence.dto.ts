import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNumber, Max, Min } from 'class-validator';
import { IsBoardCoordinate } from '../../common/validation';
import { BOARD_HEIGHT, BOARD_WIDTH } from '../../../../contracts/boards';
import { MAX_ZOOM, MIN_ZOOM, type Viewport } from '../../../../contracts/facilitation';
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

const ZOOM_RANGE = `zoom must be between ${MIN_ZOOM} and ${MAX_ZOOM}`;

/** The board point at the centre of the view, and the zoom. */
export class ViewportDto implements Viewport {
  @ApiProperty({ minimum: 0, maximum: BOARD_WIDTH, description: 'Board x at the centre of the view' })
  @IsBoardCoordinate('x')
  x!: number;

  @ApiProperty({ minimum: 0, maximum: BOARD_HEIGHT, description: 'Board y at the centre of the view' })
  @IsBoardCoordinate('y')
  y!: number;

  @ApiProperty({ minimum: MIN_ZOOM, maximum: MAX_ZOOM })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'zoom must be a finite number' })
  @Min(MIN_ZOOM, { message: ZOOM_RANGE })
  @Max(MAX_ZOOM, { message: ZOOM_RANGE })
  zoom!: number;
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
