import type { Board } from '@contracts/boards';

// Pure state transitions for who is on which board; the stores apply them to their signals.

/** The board without this member; the same object when they were not on it, so nothing re-renders. */
export function withoutMember(board: Board, userId: string): Board {
  return board.members.some((member) => member.id === userId)
    ? { ...board, members: board.members.filter((member) => member.id !== userId) }
    : board;
}

/** The list without this board; the same array when it was not listed. */
export function withoutBoard(boards: readonly Board[], boardId: string): readonly Board[] {
  return boards.some((board) => board.id === boardId) ? boards.filter((board) => board.id !== boardId) : boards;
}
