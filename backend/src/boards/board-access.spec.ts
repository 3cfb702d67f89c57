import { randomUUID } from 'node:crypto';
import type { User } from '../users/user';
import { MemoryUsersRepository } from '../users/users.memory.repository';
import { BoardAccess } from './board-access';
import { BoardNotFoundError, NotABoardMemberError, NotTheOwnerError, ViewerReadOnlyError } from './boards.errors';
import { MemoryBoardsRepository } from './boards.memory.repository';

function aUser(username: string): User {
  return { id: randomUUID(), username, displayName: username.toUpperCase(), passwordHash: 'x', createdAt: new Date().toISOString() };
}

describe('BoardAccess', () => {
  const owner = aUser('ann');
  const member = aUser('bob');
  const stranger = aUser('cyd');
  const boardId = randomUUID();
  let boards: MemoryBoardsRepository;
  let access: BoardAccess;

  beforeEach(async () => {
    boards = new MemoryBoardsRepository();
    const users = new MemoryUsersRepository();
    for (const user of [owner, member, stranger]) {
      await users.create(user);
    }
    await boards.createBoard({
      id: boardId,
      title: 'Retro',
      ownerId: owner.id,
      memberIds: [owner.id],
      createdAt: new Date().toISOString(),
    });
    await boards.addMember(boardId, member.id, 'editor');
    access = new BoardAccess(boards, users);
  });

  it('lets members in, refuses strangers with 403 and unknown boards with 404', async () => {
    await expect(access.assertMember(member, boardId)).resolves.toMatchObject({ id: boardId, memberIds: [owner.id, member.id] });
    await expect(access.assertMember(stranger, boardId)).rejects.toBeInstanceOf(NotABoardMemberError);
    await expect(access.assertMember(owner, randomUUID())).rejects.toBeInstanceOf(BoardNotFoundError);
  });

  it('lets only the owner do owner things, naming what was refused', async () => {
    await expect(access.assertOwner(owner, boardId, 'delete the board')).resolves.toMatchObject({ id: boardId });
    await expect(access.assertOwner(member, boardId, 'delete the board')).rejects.toThrow(new NotTheOwnerError('delete the board'));
    await expect(access.assertOwner(stranger, boardId, 'delete the board')).rejects.toBeInstanceOf(NotABoardMemberError);
  });

  it('answers who is on a board, and lists an actor’s boards with members as others see them', async () => {
    await expect(access.isMember(boardId, member.id)).resolves.toBe(true);
    await expect(access.isMember(boardId, stranger.id)).resolves.toBe(false);
    await expect(access.memberIds(boardId)).resolves.toEqual([owner.id, member.id]);
    await expect(access.memberIds(randomUUID())).resolves.toEqual([]);
    const [board] = await access.listBoards(member);
    expect(board.members).toEqual([
      { id: owner.id, username: 'ann', displayName: 'ANN', role: 'owner' },
      { id: member.id, username: 'bob', displayName: 'BOB', role: 'editor' },
    ]);
    await expect(access.listBoards(stranger)).resolves.toEqual([]);
  });

  it('lets owners and editors write, and refuses viewers with 403', async () => {
    await expect(access.assertEditor(owner, boardId)).resolves.toMatchObject({ id: boardId });
    await expect(access.assertEditor(member, boardId)).resolves.toMatchObject({ id: boardId });
    await boards.setRole(boardId, member.id, 'viewer');
    await expect(access.assertEditor(member, boardId)).rejects.toBeInstanceOf(ViewerReadOnlyError);
    await expect(access.assertEditor(stranger, boardId)).rejects.toBeInstanceOf(NotABoardMemberError);
  });

  it('runs every board-deleted hook, even after one fails', async () => {
    const cleaned: string[] = [];
    access.onBoardDeleted(() => {
      throw new Error('chat is down');
    });
    access.onBoardDeleted(async (id) => {
      cleaned.push(id);
    });
    await access.runBoardDeletedHooks(boardId);
    expect(cleaned).toEqual([boardId]);
  });
});
