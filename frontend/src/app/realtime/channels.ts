/** Channel names as the server spells them (see contracts/events.ts). */
export const userChannel = (userId: string): string => `user:${userId}`;
export const boardChannel = (boardId: string): string => `board:${boardId}`;
