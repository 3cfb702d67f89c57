/** Longest name kept, in characters (code points). */
export const MAX_FILE_NAME_LENGTH = 200;

// Bidi embeddings/overrides/isolates and marks: they make "evil\u202Egnp.exe" read as "evilexe.png".
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
const CONTROL = /\p{Cc}/gu;

/**
 * A user's file name made safe to show and to put in a header: no path, no control or bidi
 * characters, at most MAX_FILE_NAME_LENGTH characters (the extension kept). Never a storage path.
 */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(CONTROL, '').replace(BIDI, '').trim().replace(/^\.+/, '').trim();
  if (cleaned === '') {
    return 'file';
  }
  const chars = Array.from(cleaned);
  if (chars.length <= MAX_FILE_NAME_LENGTH) {
    return cleaned;
  }
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(cleaned.slice(dot)) : [];
  const keptExtension = extension.length <= 16 ? extension : [];
  return [...chars.slice(0, MAX_FILE_NAME_LENGTH - keptExtension.length), ...keptExtension].join('');
}

/**
 * `attachment; filename="<ascii>"; filename*=UTF-8''<encoded>` (RFC 6266): old clients read the
 * ASCII fallback, the rest the exact name. Nothing in either can end the header or the parameter.
 */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = cleanFileName(name)
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(cleanFileName(name)).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
