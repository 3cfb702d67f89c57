import { applyDecorators } from '@nestjs/common';
import { IsNumber, Matches, Max, Min } from 'class-validator';
import { BOARD_HEIGHT, BOARD_WIDTH } from '../../../contracts/boards';

const FINITE = { allowNaN: false, allowInfinity: false };

/** Client-chosen ids echoed back in events (optimistic UI): short and log-safe. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
export const CLIENT_ID_MESSAGE = 'clientId must be 1 to 64 characters of A-Z a-z 0-9 _ . : -';

export const IsClientId = (): PropertyDecorator => Matches(CLIENT_ID_PATTERN, { message: CLIENT_ID_MESSAGE });

/** A finite number within the board: 0..BOARD_WIDTH for x, 0..BOARD_HEIGHT for y. */
export function IsBoardCoordinate(axis: 'x' | 'y'): PropertyDecorator {
  const max = axis === 'x' ? BOARD_WIDTH : BOARD_HEIGHT;
  const range = `${axis} must be between 0 and ${max}`;
  return applyDecorators(
    IsNumber(FINITE, { message: `${axis} must be a finite number` }),
    Min(0, { message: range }),
    Max(max, { message: range }),
  );
}
