import { hasUnsafeNameCharacters, stripControls } from './text';

describe('names and free text', () => {
  it('finds controls and direction characters in names', () => {
    expect(hasUnsafeNameCharacters('\u202e\u0000\u0007 evil\r\nX-Injected: 1')).toBe(true);
    for (const char of [
      '\u0000',
      '\t',
      '\n',
      '\u001b',
      '\u007f',
      '\u0085',
      '\u009f',
      '\u061c',
      '\u200e',
      '\u200f',
      '\u202a',
      '\u202e',
      '\u2066',
      '\u2069',
    ]) {
      expect(hasUnsafeNameCharacters(`a${char}b`)).toBe(true);
    }
    expect(hasUnsafeNameCharacters('Sprint retro – Q4 ✨ مرحبا 日本')).toBe(false);
  });

  it('keeps newlines and tabs in free text and drops other controls', () => {
    expect(stripControls('line 1\r\nline\t2\u0000\u0007\u001b[31m\u0085\rend')).toBe('line 1\nline\t2[31m\nend');
  });
});
