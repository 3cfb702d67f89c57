import type { BoardTimer } from '../../../contracts/facilitation';
import { TimerRepository } from './timer.repository';

export class MemoryTimerRepository extends TimerRepository {
  private readonly timers = new Map<string, BoardTimer>();

  async find(boardId: string): Promise<BoardTimer | undefined> {
    const timer = this.timers.get(boardId);
    return timer && { ...timer };
  }

  async replace(boardId: string, expectedRevision: number, next: BoardTimer): Promise<boolean> {
    if ((this.timers.get(boardId)?.revision ?? 0) !== expectedRevision) {
      return false;
    }
    this.timers.set(boardId, { ...next });
    return true;
  }

  async delete(boardId: string): Promise<void> {
    this.timers.delete(boardId);
  }
}
