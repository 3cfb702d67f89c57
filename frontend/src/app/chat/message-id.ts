/**
 * Message ids are `<ms>-<seq>` and order their room. They are not comparable as strings
 * ("9-0" > "10-0"), so compare the two numbers.
 */
export function compareMessageIds(a: string, b: string): number {
  const [aMs, aSeq] = split(a);
  const [bMs, bSeq] = split(b);
  return aMs - bMs || aSeq - bSeq;
}

export function isAfter(id: string, other: string | null | undefined): boolean {
  return other === null || other === undefined || compareMessageIds(id, other) > 0;
}

function split(id: string): [number, number] {
  const dash = id.indexOf('-');
  return dash < 0 ? [Number(id) || 0, 0] : [Number(id.slice(0, dash)) || 0, Number(id.slice(dash + 1)) || 0];
}
