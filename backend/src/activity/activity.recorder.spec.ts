import type { ActivityEntry, ActivityPage, Note } from '../../../contracts/boards';
import { boardChannel, userChannel } from '../../../contracts/channels';
import { BoardAccess } from '../boards/board-access';
import { MemoryBoardsRepository } from '../boards/boards.memory.repository';
import { loadConfig } from '../config/app-config';
import { MemoryEventBus } from '../events/event-bus.memory';
import { MemoryUsersRepository } from '../users/users.memory.repository';
import { MemoryActivityRepository } from './activity.memory.repository';
import { ActivityRecorder } from './activity.recorder';
import { ActivityRepository } from './activity.repository';

const note: Note = {
  id: 'n1',
  boardId: 'b1',
  text: 'Ship it',
  x: 1,
  y: 2,
  color: 'yellow',
  version: 1,
  createdBy: 'alice',
  updatedAt: '2026-03-01T10:00:00.000Z',
};

/** Storage that is down: every write fails. */
class FailingActivityRepository extends ActivityRepository {
  readonly attempts: ActivityEntry[] = [];
  async add(entry: ActivityEntry): Promise<void> {
    this.attempts.push(entry);
    throw new Error('Redis is down');
  }
  async page(): Promise<ActivityPage> {
    return { entries: [] };
  }
  async deleteBoard(): Promise<void> {}
}

describe('ActivityRecorder', () => {
  const setUp = (repository: ActivityRepository = new MemoryActivityRepository()) => {
    const bus = new MemoryEventBus(loadConfig({ NODE_ENV: 'test' }));
    const access = new BoardAccess(new MemoryBoardsRepository(), new MemoryUsersRepository());
    const recorder = new ActivityRecorder(bus, repository, access);
    recorder.onModuleInit();
    return { bus, access, repository };
  };

  it('records the feed events stored on board channels, with the actor', async () => {
    const { bus, repository } = setUp();
    const event = await bus.publish(boardChannel('b1'), 'note.created', { note }, 'alice');
    await expect(repository.page('b1', undefined, 10)).resolves.toEqual({
      entries: [
        {
          id: event.id,
          boardId: 'b1',
          kind: 'note.created',
          actorId: 'alice',
          at: expect.any(String) as string,
          noteId: 'n1',
          noteText: 'Ship it',
        },
      ],
    });
  });

  it('leaves out other channels, ephemeral events and events the feed does not show', async () => {
    const { bus, repository } = setUp();
    await bus.publish(userChannel('b1'), 'note.created', { note }, 'alice');
    await bus.publish(boardChannel('b1'), 'cursor.moved', { userId: 'alice', x: 1, y: 1 }, 'alice', { ephemeral: true });
    await bus.publish(boardChannel('b1'), 'presence.left', { userId: 'alice' }, null);
    await expect(repository.page('b1', undefined, 10)).resolves.toEqual({ entries: [] });
  });

  it('never fails a publish when the feed cannot be written', async () => {
    const failing = new FailingActivityRepository();
    const { bus } = setUp(failing);
    await expect(bus.publish(boardChannel('b1'), 'trash.emptied', { boardId: 'b1' }, 'alice')).resolves.toEqual(
      expect.objectContaining({ type: 'trash.emptied' }),
    );
    expect(failing.attempts.map((entry) => entry.kind)).toEqual(['trash.emptied']);
  });

  it("drops a deleted board's feed", async () => {
    const { bus, access, repository } = setUp();
    await bus.publish(boardChannel('b1'), 'note.created', { note }, 'alice');
    await access.runBoardDeletedHooks('b1');
    await expect(repository.page('b1', undefined, 10)).resolves.toEqual({ entries: [] });
  });
});
