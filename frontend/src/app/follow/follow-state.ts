/** Whom this tab follows, and why, as the banner says it. */
export interface FollowState {
  leaderId: string | null;
  /** true when the leader brought everyone to them, false when we chose to follow. */
  summoned: boolean;
}

export type FollowAction =
  | { type: 'follow'; userId: string; me: string | undefined }
  | { type: 'summoned'; userId: string; me: string | undefined }
  /** Esc, the banner's Stop, or our own pan or zoom. */
  | { type: 'stop' }
  /** Someone left the board (or was removed). */
  | { type: 'left'; userId: string };

export const NOT_FOLLOWING: FollowState = { leaderId: null, summoned: false };

export function nextFollow(state: FollowState, action: FollowAction): FollowState {
  switch (action.type) {
    case 'follow':
      // Following ourselves would be a loop of one.
      return action.userId === action.me ? state : { leaderId: action.userId, summoned: false };
    case 'summoned':
      return action.userId === action.me ? state : { leaderId: action.userId, summoned: true };
    case 'stop':
      return state.leaderId === null ? state : NOT_FOLLOWING;
    case 'left':
      return state.leaderId === action.userId ? NOT_FOLLOWING : state;
  }
}
