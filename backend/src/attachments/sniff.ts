import { filetypeinfo } from 'magic-bytes.js';

/** Bytes of the start of a file the sniffer looks at. */
export const SNIFF_BYTES = 4100;

// Signatures magic-bytes.js knows without a MIME type, named as browsers and servers name them.
const MIME_BY_TYPENAME: Record<string, string> = {
  exe: 'application/vnd.microsoft.portable-executable',
  elf: 'application/x-elf',
  mach: 'application/x-mach-binary',
};

/**
 * Follows a whole upload to decide whether it is text: valid UTF-8 without NUL bytes.
 * Fed chunk by chunk, so the file is never held in memory.
 */
export class TextProbe {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private text = true;

  feed(chunk: Buffer): void {
    if (!this.text) {
      return;
    }
    if (chunk.includes(0)) {
      this.text = false;
      return;
    }
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      this.text = false;
    }
  }

  /** Call once, after the last chunk. */
  isText(): boolean {
    if (!this.text) {
      return false;
    }
    try {
      this.decoder.decode();
      return true;
    } catch {
      return false;
    }
  }
}

/** The type of a file from its content: its first SNIFF_BYTES, and whether all of it is text. */
export function sniffMime(head: Buffer, isText: boolean): string {
  const markup = isText ? sniffMarkup(head) : undefined;
  if (markup !== undefined) {
    return markup;
  }
  const known = filetypeinfo(head).find((match) => match.mime !== undefined || MIME_BY_TYPENAME[match.typename] !== undefined);
  if (known) {
    return known.mime ?? MIME_BY_TYPENAME[known.typename];
  }
  return isText ? 'text/plain' : 'application/octet-stream';
}

/** HTML and SVG: the text types a browser would run scripts in. */
function sniffMarkup(head: Buffer): string | undefined {
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  const start = text.slice(0, 512);
  if (/^<svg[\s>]/.test(start) || (start.startsWith('<?xml') && text.includes('<svg'))) {
    return 'image/svg+xml';
  }
  if (/^<(!doctype html|html|head|body|script|iframe|meta|div|a\s|img\s|!--)/.test(start)) {
    return 'text/html';
  }
  return undefined;
}

const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'image/apng': 'image/png',
  'application/x-zip-compressed': 'application/zip',
  'application/x-pdf': 'application/pdf',
};
const TEXTUAL = new Set(['text/plain', 'text/html', 'image/svg+xml']);

function normalise(type: string): string {
  const bare = type.split(';')[0].trim().toLowerCase();
  return ALIASES[bare] ?? bare;
}

/**
 * Whether the client's declared type contradicts the content. Types with a signature (images,
 * audio, video, PDF, zip) must match it; text types must be text; generic or vendor types
 * (application/octet-stream, Office documents…) say nothing to contradict.
 */
export function contradicts(declared: string | undefined, sniffed: string): boolean {
  if (declared === undefined || !/^[\w.+-]+\/[\w.+-]+/.test(declared.trim())) {
    return false;
  }
  const claim = normalise(declared);
  // A part without a Content-Type reaches us as text/plain (the multipart default): no claim at all.
  if (claim === 'text/plain') {
    return false;
  }
  const actual = normalise(sniffed);
  if (claim === actual) {
    return false;
  }
  if (/^(image|audio|video)\//.test(claim) || claim === 'application/pdf' || claim === 'application/zip') {
    return true;
  }
  if (claim.startsWith('text/') || claim === 'application/json' || claim === 'application/xml') {
    return !TEXTUAL.has(actual);
  }
  return false;
}
