import { countJsonRows, parseImport } from './board-import';

const rows = (count: number, row = '{"text":"a, [b] {c}"}'): string => `[${Array.from({ length: count }, () => row).join(',')}]`;

describe('countJsonRows', () => {
  it('counts the rows of a top-level array, not what is inside them', () => {
    expect(countJsonRows(rows(3))).toBe(3);
    expect(countJsonRows(rows(3, '{"text":"x","tags":[1,2,3,4,5],"pos":{"x":1,"y":2}}'))).toBe(3);
    expect(countJsonRows(`[${'"a,b,c,d",'.repeat(3)}"e"]`)).toBe(4);
    expect(countJsonRows('["\\"a,b\\\\",1]')).toBe(2);
    expect(countJsonRows(' [ 7 ] ')).toBe(1);
    expect(countJsonRows('[ ]')).toBe(0);
    expect(countJsonRows('42')).toBeUndefined();
    expect(countJsonRows('["notes",[1,2,3]]')).toBe(2);
  });

  it('counts the "notes" array of an object, however its key is written, and only that one', () => {
    expect(countJsonRows(`{"title":[1,2,3,4,5],"notes":${rows(2)}}`)).toBe(2);
    expect(countJsonRows(`{"no\\u0074es":${rows(5)}}`)).toBe(5);
    // JSON.parse keeps the last of a repeated key.
    expect(countJsonRows(`{"notes":[],"notes":${rows(5)}}`)).toBe(5);
    expect(countJsonRows(`{"other":{"notes":${rows(5)}}}`)).toBeUndefined();
  });

  it('refuses a hostile 5 MB file of tiny rows by its count, before anything is built', () => {
    const hostile = Buffer.from(`[${'0,'.repeat(2_500_000)}0]`);
    expect(() => parseImport('json', hostile, 500)).toThrow(
      'The file has 2500001 rows, more than the board has room for: 500 more notes fit',
    );
    expect(() => parseImport('json', Buffer.from(`{"notes":[${'0,'.repeat(2_500_000)}0]}`), 500)).toThrow(
      'The file has 2500001 rows, more than',
    );
  });

  it('still reads a file that fits, and leaves malformed text to the parser', () => {
    expect(parseImport('json', Buffer.from(rows(2)), 2)).toHaveLength(2);
    expect(() => parseImport('json', Buffer.from('[{"text":'), 2)).toThrow(/could not be read/);
  });
});
