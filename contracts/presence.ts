export const PRESENCE_STATUSES = ['online', 'away', 'busy'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

export interface PresentUser {
  userId: string;
  username: string;
  displayName: string;
  /** When the user went from no stream to one on this board (ISO-8601). */
  since: string;
  status: PresenceStatus;
}

/** GET /api/boards/:id/presence: load it, then follow presence.* events. */
export interface BoardPresence {
  users: PresentUser[];
}

export interface SetStatusRequest {
  status: PresenceStatus;
}

export interface CursorRequest {
  x: number;
  y: number;
}
