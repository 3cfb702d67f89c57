import { Injectable } from '@nestjs/common';

/**
 * The time, as one injectable: expiries (invitations, invite links) are decided against it, so a
 * test can move it forward instead of waiting.
 */
@Injectable()
export class Clock {
  now(): number {
    return Date.now();
  }
}
