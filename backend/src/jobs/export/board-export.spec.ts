import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BoardData, countItems, renderBoard } from './board-export';
import type { ExportFormat } from '../../../../contracts/jobs';

const ada = { id: '11111111-1111-4111-8111-111111111111', username: 'ada', displayName: 'Ada Lovelace' };
const grace = { id: '22222222-2222-4222-8222-222222222222', username: 'grace', displayName: 'Grace Hopper' };

/** A known board: the golden files in ./golden are its expected exports. */
export const KNOWN_BOARD: BoardData = {
  board: { id: 'b0a7d000-0000-4000-8000-000000000001', title: 'Sprint Retro: Q4', ownerId: ada.id, members: [ada, grace], createdAt: '2026-11-01T09:00:00.000Z' },
  notes: [
    { id: 'a0000000-0000-4000-8000-000000000001', boardId: 'b0a7d000-0000-4000-8000-000000000001', text: 'Ship the "realtime" core', x: 40, y: 60.5, color: 'yellow', version: 3, createdBy: ada.id, updatedAt: '2026-11-01T09:10:00.000Z' },
    { id: 'a0000000-0000-4000-8000-000000000002', boardId: 'b0a7d000-0000-4000-8000-000000000001', text: 'Fewer meetings,\nmore boards', x: 300, y: 60, color: 'pink', version: 1, createdBy: grace.id, updatedAt: '2026-11-01T09:12:00.000Z' },
  ],
  messages: [
    { id: '1761987600000-0', roomId: 'board:b0a7d000-0000-4000-8000-000000000001', userId: ada.id, content: 'Morning! @grace have a look', createdAt: '2026-11-01T09:00:00.000Z' },
    { id: '1761987660000-0', roomId: 'board:b0a7d000-0000-4000-8000-000000000001', userId: grace.id, content: 'On it', createdAt: '2026-11-01T09:01:00.000Z' },
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
    expect(countItems([KNOWN_BOARD], 'json')).toBe(4);
    expect(countItems([KNOWN_BOARD], 'csv')).toBe(2);
  });
});
