// Dot voting, the shared timer and follow mode: shapes shared by the backend and the app.
// Type-only apart from the limits.

// ---------------------------------------------------------------- dot voting

export const MIN_DOTS_PER_USER = 1;
export const MAX_DOTS_PER_USER = 20;

/** POST /api/boards/:id/vote (editor or owner): 409 while another vote runs. */
export interface StartVoteRequest {
  dotsPerUser: number;
  /** Default false. While an anonymous vote runs, others see only how many dots were placed in all. */
  anonymous?: boolean;
}

export type VoteStatus = 'running' | 'ended';

/** Per note, how many dots it got. */
export type DotCounts = Record<string, number>;

/**
 * The board's vote as one user sees it. One vote per board at a time; an ended vote stays
 * (with its results) until a new one starts or it is cleared.
 */
export interface VoteView {
  id: string;
  boardId: string;
  status: VoteStatus;
  dotsPerUser: number;
  anonymous: boolean;
  startedBy: string;
  startedAt: string;
  endedAt?: string;
  /** Increases with every change: apply an event only when its revision is newer. */
  revision: number;
  /** Dots placed by everyone, all notes together. */
  totalDots: number;
  /** How many members placed at least one dot. */
  voters: number;
  /** The caller's own dots per note. */
  myDots: DotCounts;
  /** Per-note totals: while running only for a vote that is not anonymous; always once ended. */
  results?: DotCounts;
}

/** GET /api/boards/:id/vote: `vote` is null when the board has none. */
export interface VoteState {
  vote: VoteView | null;
}

// ---------------------------------------------------------------- timer

export const MIN_TIMER_MS = 5_000;
export const MAX_TIMER_MS = 4 * 3600_000;
/** The length a board's timer shows before anyone started one. */
export const DEFAULT_TIMER_MS = 5 * 60_000;

export type TimerStatus = 'idle' | 'running' | 'paused';

/** The board's countdown; the server's clock is the authority. */
export interface BoardTimer {
  status: TimerStatus;
  /** Length it was started (or last reset) with. */
  durationMs: number;
  /** running: the instant it reaches zero (server clock). */
  endsAt?: string;
  /** paused: what is left; idle: durationMs. */
  remainingMs: number;
  /** Who last changed it; null before anyone did. */
  updatedBy: string | null;
  revision: number;
}

/** GET /api/boards/:id/timer and every timer.updated event: `serverTime` lets clients correct for clock skew. */
export interface TimerState {
  timer: BoardTimer;
  serverTime: string;
}

/** POST /api/boards/:id/timer (editor or owner). */
export type TimerCommand =
  | { action: 'start'; durationMs: number }
  | { action: 'pause' }
  | { action: 'resume' }
  | { action: 'reset' }
  /** Adds (or with a negative value takes off) time while running or paused. */
  | { action: 'extend'; byMs: number };

// ---------------------------------------------------------------- follow mode

export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 2;

/** Where a user looks: the board point at the centre of their view, and their zoom. */
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}
