/** Saturated colours that stand out on cork and carry white text. */
const PALETTE = ['#dc2626', '#7c3aed', '#2563eb', '#0e7490', '#db2777', '#15803d', '#4338ca', '#475569', '#a21caf', '#0f766e'] as const;

/** One stable colour per user, so their avatar and their cursor match on every screen. */
export function userColor(userId: string): string {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) {
    hash = (hash * 31 + userId.charCodeAt(i)) | 0;
  }
  return PALETTE[Math.abs(hash) % PALETTE.length];
}

export function initialOf(name: string): string {
  return name.trim().charAt(0).toUpperCase() || '?';
}
