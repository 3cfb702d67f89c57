import { Injectable } from '@nestjs/common';
import { boardChannel } from '../../../contracts/channels';
import type { BoardTimer, TimerCommand, TimerState } from '../../../contracts/facilitation';
import { BoardAccess } from '../boards/board-access';
import { UnavailableError } from '../common/domain-error';
import { EventBus } from '../events/event-bus';
import type { Actor } from '../users/actor';
import { TimerStateConflictError } from './timer.errors';
import { TimerRepository } from './timer.repository';
import { applyTimerCommand, initialTimer, timerAt } from './timer-state';

/** Compare-and-set rounds before a command gives up: only a storm of commands on one board gets this far. */
const MAX_ATTEMPTS = 5;

/**
 * The board's shared countdown. The server stores when a running timer ends and sends its own clock
 * with every state, so apps count down locally and correct for their clock's skew; reaching zero
 * needs nothing from the server.
 */
@Injectable()
export class TimerService {
  constructor(
    private readonly repository: TimerRepository,
    private readonly access: BoardAccess,
    private readonly bus: EventBus,
  ) {
    access.onBoardDeleted((boardId) => this.repository.delete(boardId));
  }

  async get(actor: Actor, boardId: string): Promise<TimerState> {
    await this.access.assertMember(actor, boardId);
    return this.stateOf((await this.repository.find(boardId)) ?? initialTimer());
  }

  async command(actor: Actor, boardId: string, command: TimerCommand): Promise<TimerState> {
    await this.access.assertEditor(actor, boardId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const current = (await this.repository.find(boardId)) ?? initialTimer();
      const nowMs = Date.now();
      const transition = applyTimerCommand(current, command, nowMs, actor.id);
      if (transition.kind === 'conflict') {
        throw new TimerStateConflictError(transition.message, current.status);
      }
      if (await this.repository.replace(boardId, current.revision, transition.timer)) {
        const state = this.stateOf(transition.timer, nowMs);
        await this.bus.publish(boardChannel(boardId), 'timer.updated', { ...state, boardId }, actor.id);
        return state;
      }
    }
    throw new UnavailableError('The timer is changing too fast: try again', 1, 'timer_busy');
  }

  private stateOf(timer: BoardTimer, nowMs = Date.now()): TimerState {
    return { timer: timerAt(timer, nowMs), serverTime: new Date(nowMs).toISOString() };
  }
}
