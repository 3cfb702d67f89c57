import { jsonRowsExceed, parseImport } from './board-import';

const rows = (count: number, row = '{"text":"a, [b] {c}"}'): string => `[${Array.from({ length: count }, () => row).join(',')}]`;

describe('jsonRowsExceed', () => {
  it('counts the rows of a top-level array, not what is inside them', () => {
    expect(jsonRowsExceed(rows(3), 3)).toBe(false);
    expect(jsonRowsExceed(rows(4), 3)).toBe(true);
    expect(jsonRowsExceed(rows(3, '{"text":"x","tags":[1,2,3,4,5],"pos":{"x":1,"y":2}}'), 3)).toBe(false);
    expect(jsonRowsExceed(`[${'"a,b,c,d",'.repeat(3)}"e"]`, 4)).toBe(false);
    expect(jsonRowsExceed('["\\"a,b\\\\",1]', 2)).toBe(false);
    expect(jsonRowsExceed('[]', 0)).toBe(false);
  });

  it('counts the "notes" array of an object, however its key is written, and only that one', () => {
    expect(jsonRowsExceed(`{"title":[1,2,3,4,5],"notes":${rows(2)}}`, 2)).toBe(false);
    expect(jsonRowsExceed(`{"notes":${rows(5)}}`, 4)).toBe(true);
    expect(jsonRowsExceed(`{"no\\u0074es":${rows(5)}}`, 4)).toBe(true);
    // JSON.parse keeps the last of a repeated key.
    expect(jsonRowsExceed(`{"notes":[],"notes":${rows(5)}}`, 4)).toBe(true);
    expect(jsonRowsExceed(`{"other":{"notes":${rows(5)}}}`, 4)).toBe(false);
  });

  it('stops a hostile 5 MB file of tiny rows at the limit, before anything is built', () => {
    const hostile = Buffer.from(`[${'0,'.repeat(2_500_000)}0]`);
    expect(() => parseImport('json', hostile, 500)).toThrow(/more rows than the board has room for/);
    expect(() => parseImport('json', Buffer.from(`{"notes":[${'0,'.repeat(2_500_000)}0]}`), 500)).toThrow(/more rows than the board has room for/);
  });

  it('still reads a file that fits, and leaves malformed text to the parser', () => {
    expect(parseImport('json', Buffer.from(rows(2)), 2)).toHaveLength(2);
    expect(() => parseImport('json', Buffer.from('[{"text":'), 2)).toThrow(/could not be read/);
  });
});
