import { contradicts, sniffMime, TextProbe } from './sniff';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const PE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]);

const probe = (...chunks: Buffer[]): boolean => {
  const text = new TextProbe();
  chunks.forEach((chunk) => text.feed(chunk));
  return text.isText();
};

describe('sniffMime', () => {
  it('knows signatures', () => {
    expect(sniffMime(PNG, false)).toBe('image/png');
    expect(sniffMime(PE, false)).toBe('application/vnd.microsoft.portable-executable');
    expect(sniffMime(Buffer.from('%PDF-1.7\n'), false)).toBe('application/pdf');
  });

  it('tells text, HTML and SVG apart, and falls back to octet-stream', () => {
    expect(sniffMime(Buffer.from('hello'), true)).toBe('text/plain');
    expect(sniffMime(Buffer.from('  <!DOCTYPE html><p>x'), true)).toBe('text/html');
    expect(sniffMime(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="x"/>'), true)).toBe('image/svg+xml');
    expect(sniffMime(Buffer.from([1, 2, 3, 0xff]), false)).toBe('application/octet-stream');
  });
});

describe('TextProbe', () => {
  it('accepts UTF-8 split across chunks and refuses NULs or invalid bytes', () => {
    const euro = Buffer.from('€');
    expect(probe(euro.subarray(0, 1), euro.subarray(1))).toBe(true);
    expect(probe(Buffer.from('a\0b'))).toBe(false);
    expect(probe(Buffer.from([0xc3, 0x28]))).toBe(false);
    expect(probe(euro.subarray(0, 2))).toBe(false);
  });
});

describe('contradicts', () => {
  it('refuses a signature type that the content does not have', () => {
    expect(contradicts('image/png', 'application/vnd.microsoft.portable-executable')).toBe(true);
    expect(contradicts('image/png', 'text/html')).toBe(true);
    expect(contradicts('text/csv', 'image/png')).toBe(true);
  });

  it('accepts matches, aliases and types that claim nothing', () => {
    expect(contradicts('image/jpg', 'image/jpeg')).toBe(false);
    expect(contradicts('text/csv; charset=utf-8', 'text/plain')).toBe(false);
    expect(contradicts('application/octet-stream', 'image/png')).toBe(false);
    expect(contradicts(undefined, 'image/png')).toBe(false);
    expect(contradicts('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/zip')).toBe(false);
  });
});
