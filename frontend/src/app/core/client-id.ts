let counter = 0;

/**
 * Tags one write so its echo on the stream can be matched to the optimistic change
 * (the server accepts 1–64 of A-Z a-z 0-9 _ . : -). randomUUID needs a secure context;
 * the fallback keeps plain-http test setups working.
 */
export function newClientId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  counter += 1;
  return `c-${Date.now().toString(36)}-${counter.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
