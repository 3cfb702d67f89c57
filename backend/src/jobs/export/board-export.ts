import archiver from 'archiver';
import { stringify } from 'csv-stringify/sync';
import type { Board, Note } from '../../../../contracts/boards';
import type { ChatMessage } from '../../../../contracts/chat';
import type { ExportFormat } from '../../../../contracts/jobs';

export interface BoardData {
  board: Board;
  notes: Note[];
  /** Oldest first. */
  messages: ChatMessage[];
}

export interface ExportFile {
  name: string;
  contentType: string;
  body: string;
}

/** Called once per note or message written: how the job measures its progress. */
export type ItemDone = () => Promise<void>;

const EXTENSION: Record<ExportFormat, string> = { json: 'json', csv: 'csv', markdown: 'md' };
const CONTENT_TYPE: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
};
export const CSV_COLUMNS = ['id', 'text', 'x', 'y', 'color', 'version', 'createdBy', 'updatedAt'] as const;

/** Items the export of these boards writes (CSV holds notes only). */
export function countItems(boards: BoardData[], format: ExportFormat): number {
  return boards.reduce((sum, data) => sum + data.notes.length + (format === 'csv' ? 0 : data.messages.length), 0);
}

export async function renderBoard(data: BoardData, format: ExportFormat, exportedAt: string, done: ItemDone): Promise<ExportFile> {
  const name = `${slug(data.board.title)}-${data.board.id.slice(0, 8)}.${EXTENSION[format]}`;
  const render = { json: renderJson, csv: renderCsv, markdown: renderMarkdown }[format];
  return { name, contentType: CONTENT_TYPE[format], body: await render(data, exportedAt, done) };
}

async function renderJson(data: BoardData, exportedAt: string, done: ItemDone): Promise<string> {
  const notes: Note[] = [];
  for (const note of data.notes) {
    notes.push(note);
    await done();
  }
  const messages: ChatMessage[] = [];
  for (const message of data.messages) {
    messages.push(message);
    await done();
  }
  return `${JSON.stringify({ exportedAt, board: data.board, notes, messages }, null, 2)}\n`;
}

async function renderCsv(data: BoardData, _exportedAt: string, done: ItemDone): Promise<string> {
  const rows: unknown[][] = [];
  for (const note of data.notes) {
    rows.push(CSV_COLUMNS.map((column) => note[column]));
    await done();
  }
  // A spreadsheet runs a cell starting with = + - @ (or tab/CR) as a formula: a note could
  // exfiltrate the sheet with =HYPERLINK(...). The ' prefix makes it text; negative numbers stay numbers.
  // A bare CR ends a row for spreadsheets, so a cell holding one is quoted (or "x\r=1" becomes a formula row).
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'unix', escape_formulas: true, quoted_match: /\r/ });
}

async function renderMarkdown(data: BoardData, exportedAt: string, done: ItemDone): Promise<string> {
  const names = new Map(data.board.members.map((member) => [member.id, inline(member.displayName || member.username)]));
  const lines = [
    `# ${inline(data.board.title)}`,
    '',
    `Exported ${exportedAt} · ${data.notes.length} notes · ${data.messages.length} chat messages · members: ${data.board.members.map((m) => inline(m.username)).join(', ')}`,
    '',
    '## Notes',
    '',
  ];
  for (const note of data.notes) {
    lines.push(`### ${note.color} note at (${note.x}, ${note.y}) — by ${names.get(note.createdBy) ?? note.createdBy}`, '');
    lines.push(...(note.text === '' ? ['_(empty)_'] : note.text.split(/\r\n?|\n/).map((line) => `> ${textLine(line)}`)), '');
    await done();
  }
  lines.push('## Chat', '');
  if (data.messages.length === 0) {
    lines.push('_(no messages)_', '');
  }
  for (const message of data.messages) {
    lines.push(`- **${names.get(message.userId) ?? message.userId}** (${message.createdAt}): ${inline(message.content ?? '')}`);
    await done();
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

// Users' text must read as text: no forged headings, links, images, HTML or lists in the export.
// Inline markup is escaped everywhere; block markup only matters at the start of a line.
const INLINE_MARKUP = /[\\`*_[\]<>&|~#]/g;
const BLOCK_START = /^(\s*)([+\-=]|\d{1,9}(?=[.)]))/;

/** Text that must stay on one line (titles, names, chat) and show as typed. */
function inline(text: string): string {
  return textLine(text.replace(/[\r\n]+/g, ' '));
}

function escapeInline(text: string): string {
  return text.replace(INLINE_MARKUP, (char) => `\\${char}`);
}

function textLine(line: string): string {
  return escapeInline(line).replace(BLOCK_START, (_match, indent: string, marker: string) =>
    /\d/.test(marker) ? `${indent}${marker}\\` : `${indent}\\${marker}`,
  );
}

/** Several files become one ZIP, written by a streaming archiver. */
export async function zip(files: ExportFile[]): Promise<Buffer> {
  const archive = archiver('zip', { zlib: { level: 6 } });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    archive.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.on('end', () => resolve(Buffer.concat(chunks)));
    archive.on('error', reject);
    archive.on('warning', reject);
  });
  for (const file of files) {
    archive.append(file.body, { name: file.name });
  }
  await archive.finalize();
  return finished;
}

function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'board'
  );
}
