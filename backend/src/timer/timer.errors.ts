import { ConflictError } from '../common/domain-error';

/** The command does not apply to the timer as it is now (pause when not running, …). */
export class TimerStateConflictError extends ConflictError {
  constructor(message: string, status: string) {
    super(message, { status }, 'timer_state_conflict');
  }
}
