import { parse } from 'csv-parse/sync';
import { BOARD_HEIGHT, BOARD_WIDTH, MAX_NOTE_TEXT, MAX_NOTES_PER_BOARD, NOTE_COLORS, type NoteColor } from '../../../../contracts/boards';
import type { ImportRowError } from '../../../../contracts/jobs';
import { InvalidInputError, UnsupportedMediaTypeError } from '../../common/domain-error';
import { stripControls } from '../../common/text';

export interface ImportRow {
  /** 1-based data row. */
  row: number;
  fields: Record<string, unknown>;
}

export interface ValidNote {
  text: string;
  x: number;
  y: number;
  color: NoteColor;
}

export type RowCheck = { ok: true; note: ValidNote } | ({ ok: false } & ImportRowError);

export type ImportKind = 'csv' | 'json';

/** By extension, cross-checked with the declared type: a .csv sent as image/png is refused. */
export function importKind(fileName: string, mimeType: string): ImportKind {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  const kind = extension === 'csv' ? 'csv' : extension === 'json' ? 'json' : undefined;
  const plausible = /^(text\/|application\/(json|csv|vnd\.ms-excel|octet-stream)$)/.test(mimeType) || mimeType === '';
  if (!kind || !plausible) {
    throw new UnsupportedMediaTypeError('Import a .csv or .json file', 'import_file_type');
  }
  return kind;
}

/**
 * Parses the whole file up front, so a malformed file is refused at upload with a clear 400.
 * A file with more rows than `maxRows` (the room left on the board) is refused too, before
 * any row is built: a 5 MB file of tiny rows would otherwise be millions of rows of work.
 */
export function parseImport(kind: ImportKind, body: Buffer, maxRows = MAX_NOTES_PER_BOARD): ImportRow[] {
  const text = body.toString('utf8');
  if (text.includes('\u0000')) {
    throw new InvalidInputError('The file is not text', 'import_not_text');
  }
  return kind === 'csv' ? parseCsv(text, maxRows) : parseJson(text, maxRows);
}

function tooManyRows(maxRows: number, rows?: number): InvalidInputError {
  const count = rows === undefined ? 'more rows' : `${rows} rows, more`;
  const fit = maxRows === 1 ? '1 more note fits' : `${maxRows} more notes fit`;
  return new InvalidInputError(
    `The file has ${count} than the board has room for: ${fit} (a board holds at most ${MAX_NOTES_PER_BOARD})`,
    'import_too_many_rows',
  );
}

function parseCsv(text: string, maxRows: number): ImportRow[] {
  let records: Record<string, string>[];
  try {
    // `to` stops the parser one record past the limit, so an oversized file costs no more than a fitting one.
    records = parse<Record<string, string>>(text, {
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      skip_empty_lines: true,
      bom: true,
      relax_column_count: true,
      to: maxRows + 1,
    });
  } catch (error) {
    throw new InvalidInputError(
      `The CSV could not be read: ${error instanceof Error ? error.message : 'malformed'}`,
      'import_csv_unreadable',
    );
  }
  if (records.length > 0 && !('text' in records[0])) {
    throw new InvalidInputError('The CSV needs a header row with a "text" column (x, y and color are optional)', 'import_csv_header');
  }
  if (records.length > maxRows) {
    throw tooManyRows(maxRows);
  }
  return records.map((fields, index) => ({ row: index + 1, fields }));
}

function parseJson(text: string, maxRows: number): ImportRow[] {
  // JSON.parse of 5 MB of `[0,0,…]` blocks the pod for a third of a second: count first.
  const rows = countJsonRows(text);
  if (rows !== undefined && rows > maxRows) {
    throw tooManyRows(maxRows, rows);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InvalidInputError('The JSON could not be read', 'import_json_unreadable');
  }
  const notes = Array.isArray(data) ? data : (data as { notes?: unknown })?.notes;
  if (!Array.isArray(notes)) {
    throw new InvalidInputError('The JSON must be an array of notes, or an object with a "notes" array', 'import_json_shape');
  }
  if (notes.length > maxRows) {
    throw tooManyRows(maxRows, notes.length);
  }
  return notes.map((fields, index) => ({
    row: index + 1,
    fields: typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>) : { invalid: fields },
  }));
}

const [QUOTE, BACKSLASH, OPEN_ARRAY, CLOSE_ARRAY, OPEN_OBJECT, CLOSE_OBJECT, COMMA, COLON] = ['"', '\\', '[', ']', '{', '}', ',', ':'].map(
  (char) => char.charCodeAt(0),
);
const WHITESPACE = new Set([' ', '\t', '\n', '\r'].map((char) => char.charCodeAt(0)));

/**
 * How many rows an import's JSON holds (the top-level array, or the top-level object's "notes"
 * array, the last one if the key repeats, as JSON.parse would), found by scanning the text
 * without building anything; undefined when it has no such array. Malformed text is left for
 * JSON.parse to refuse.
 */
export function countJsonRows(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let stringStart = 0;
  let keyExpected = false;
  let topIsObject = false;
  let lastKey: string | undefined;
  let rowsDepth = -1;
  let rows: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (c === BACKSLASH) {
        escaped = true;
      } else if (c === QUOTE) {
        inString = false;
        if (depth === 1 && keyExpected) {
          lastKey = keyOf(text.slice(stringStart, i));
        }
      }
      continue;
    }
    // The first character of a row: n rows are the first one and n - 1 commas.
    if (depth === rowsDepth && rows === 0 && c !== CLOSE_ARRAY && !WHITESPACE.has(c)) {
      rows = 1;
    }
    if (c === QUOTE) {
      inString = true;
      stringStart = i + 1;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      depth++;
      if (depth === 1) {
        topIsObject = c === OPEN_OBJECT;
      }
      keyExpected = topIsObject && depth === 1;
      if (c === OPEN_ARRAY && (depth === 1 || (depth === 2 && lastKey === 'notes'))) {
        rowsDepth = depth;
        rows = 0;
      }
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      if (depth === rowsDepth) {
        rowsDepth = -1;
      }
      depth--;
    } else if (c === COMMA) {
      if (depth === rowsDepth && rows !== undefined) {
        rows++;
      }
      if (depth === 1 && topIsObject) {
        keyExpected = true;
      }
    } else if (c === COLON && depth === 1) {
      keyExpected = false;
    }
  }
  return rows;
}

/** A key as JSON.parse reads it: `"no\u0074es"` is "notes" too. */
function keyOf(raw: string): string | undefined {
  if (!raw.includes('\\')) {
    return raw;
  }
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return undefined;
  }
}

/** The same rules as POST /api/boards/:id/notes; missing positions are laid out in a grid. */
export function checkRow({ row, fields }: ImportRow): RowCheck {
  if ('invalid' in fields) {
    return { ok: false, row, problem: 'not_an_object', message: 'not an object' };
  }
  if (typeof fields.text !== 'string') {
    return { ok: false, row, problem: 'text_missing', message: 'text is missing' };
  }
  // Imported notes obey the same rule as typed ones.
  const text = stripControls(fields.text);
  if (text.length > MAX_NOTE_TEXT) {
    return { ok: false, row, problem: 'text_too_long', message: `text is longer than ${MAX_NOTE_TEXT} characters` };
  }
  const x = coordinate(fields.x, 40 + ((row - 1) % 10) * 220, BOARD_WIDTH);
  const y = coordinate(fields.y, 40 + (Math.floor((row - 1) / 10) % 15) * 180, BOARD_HEIGHT);
  if (x === undefined) {
    return { ok: false, row, problem: 'x_out_of_range', message: `x must be a number from 0 to ${BOARD_WIDTH}` };
  }
  if (y === undefined) {
    return { ok: false, row, problem: 'y_out_of_range', message: `y must be a number from 0 to ${BOARD_HEIGHT}` };
  }
  const rawColor = fields.color;
  // A JSON file can put anything here; only text can name a colour.
  const color =
    rawColor === undefined || rawColor === '' ? 'yellow' : typeof rawColor === 'string' ? rawColor.trim().toLowerCase() : undefined;
  if (color === undefined || !NOTE_COLORS.includes(color as NoteColor)) {
    return { ok: false, row, problem: 'unknown_color', message: `color must be one of ${NOTE_COLORS.join(', ')}` };
  }
  return { ok: true, note: { text, x, y, color: color as NoteColor } };
}

function coordinate(value: unknown, fallback: number, max: number): number | undefined {
  if (value === undefined || value === null || value === '') {
    return fallback;
  }
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) && number >= 0 && number <= max ? number : undefined;
}
