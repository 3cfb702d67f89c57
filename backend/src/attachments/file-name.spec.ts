import { cleanFileName, contentDisposition, MAX_FILE_NAME_LENGTH } from './file-name';

describe('cleanFileName', () => {
  it('drops any path', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\ann\\report.pdf')).toBe('report.pdf');
  });

  it('removes control and bidi characters', () => {
    expect(cleanFileName('a\r\nSet-Cookie: x=1.txt')).toBe('aSet-Cookie: x=1.txt');
    expect(cleanFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(cleanFileName('nul\u0000l.txt')).toBe('null.txt');
  });

  it('never returns an empty or hidden name', () => {
    expect(cleanFileName('')).toBe('file');
    expect(cleanFileName(undefined)).toBe('file');
    expect(cleanFileName('../..')).toBe('file');
    expect(cleanFileName('.bashrc')).toBe('bashrc');
  });

  it('limits the length and keeps the extension', () => {
    const name = cleanFileName(`${'x'.repeat(1000)}.png`);
    expect(Array.from(name)).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('.png')).toBe(true);
    expect(Array.from(cleanFileName('😀'.repeat(500)))).toHaveLength(MAX_FILE_NAME_LENGTH);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('attachment', 'Grüße "q".txt')).toBe(
      `attachment; filename="Gr__e _q_.txt"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%22q%22.txt`,
    );
  });

  it('cannot be broken out of', () => {
    const header = contentDisposition('inline', 'a";\r\nX-Evil: 1\\.png');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.match(/"/g)).toHaveLength(2);
  });
});
