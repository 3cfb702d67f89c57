import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { signal } from '@angular/core';
import { Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { ActivityEntry, ActivityPage, Board, Note, TrashedNote } from '@contracts/boards';
import type { AnyEventEnvelope, EventMap, EventType } from '@contracts/events';

import { AuthStore } from '../auth/auth-store';
import { BoardStore } from './board-store';
import { HistoryPanels } from './history-panels';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const bob = { id: 'u2', username: 'bob', displayName: 'Bob' };

function boardWith(aliceRole: 'owner' | 'editor' | 'viewer'): Board {
  return {
    id: 'b1',
    title: 'Retro',
    ownerId: aliceRole === 'owner' ? 'u1' : 'u2',
    members: [
      { ...alice, role: aliceRole },
      { ...bob, role: aliceRole === 'owner' ? 'editor' : 'owner' },
    ],
    createdAt: '',
  };
}

const note = (id: string, text: string): Note => ({
  id,
  boardId: 'b1',
  text,
  x: 0,
  y: 0,
  color: 'pink',
  version: 2,
  createdBy: 'u1',
  updatedAt: '',
});
const now = new Date().toISOString();
const entry = (id: string, changes: Partial<ActivityEntry> = {}): ActivityEntry => ({
  id,
  boardId: 'b1',
  kind: 'note.created',
  actorId: 'u2',
  at: now,
  noteId: 'n1',
  noteText: 'Ship it',
  ...changes,
});
const trashed = (id: string, text: string): TrashedNote => ({
  note: note(id, text),
  deletedAt: now,
  deletedBy: 'u2',
  expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
});

describe('HistoryPanels', () => {
  let fixture: ComponentFixture<HistoryPanels>;
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;
  let applyRestored: ReturnType<typeof vi.fn>;
  let seq = 100;

  function push<T extends EventType>(type: T, data: EventMap[T], userId = 'u2'): void {
    seq += 1;
    events.next({ id: `${seq}-0`, channel: 'board:b1', type, timestamp: now, userId, data } as AnyEventEnvelope);
  }

  async function render(role: 'owner' | 'editor' | 'viewer'): Promise<HTMLElement> {
    fixture = TestBed.createComponent(HistoryPanels);
    fixture.componentRef.setInput('board', boardWith(role));
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  /** Waits for what the user would see once the answers and events are applied and drawn. */
  async function eventually(assertion: () => void): Promise<void> {
    await vi.waitFor(async () => {
      await fixture.whenStable();
      assertion();
    });
  }

  const byTestId = (host: HTMLElement, id: string) => Array.from(host.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
  /** Each item's parts (line, time) as read one after the other. */
  const texts = (host: HTMLElement, id: string) =>
    byTestId(host, id).map((element) =>
      Array.from(element.children)
        .map((part) => part.textContent?.replace(/\s+/g, ' ').trim())
        .join(' · '),
    );

  beforeEach(() => {
    events = new Subject();
    applyRestored = vi.fn();
    const store = {
      events,
      notes: signal([{ id: 'n1', text: 'Ship it' }]),
      memberNames: signal(
        new Map([
          ['u1', 'Alice'],
          ['u2', 'Bob'],
        ]),
      ),
      applyRestored,
    };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: BoardStore, useValue: store },
        { provide: AuthStore, useValue: { user: signal(alice) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('shows the activity newest first, adds live entries on top and pages back with “Load older”', async () => {
    const host = await render('editor');
    byTestId(host, 'activity-toggle')[0].click();
    await fixture.whenStable();
    http.expectOne('/api/boards/b1/activity').flush({
      entries: [entry('50-0'), entry('40-0', { kind: 'member.joined', userId: 'u2', role: 'editor' })],
      nextBefore: '40-0',
    } satisfies ActivityPage);
    await eventually(() =>
      expect(texts(host, 'activity-entry')).toEqual(['Bob added “Ship it” · just now', 'Bob joined as editor · just now']),
    );

    push('note.updated', { note: note('n1', 'Ship it today'), changed: ['text'] }, 'u1');
    await eventually(() => expect(texts(host, 'activity-entry')[0]).toBe('Alice edited “Ship it today” · just now'));

    byTestId(host, 'activity-older')[0].click();
    await fixture.whenStable();
    http
      .expectOne('/api/boards/b1/activity?before=40-0')
      .flush({ entries: [entry('30-0', { kind: 'note.deleted' })] } satisfies ActivityPage);
    await eventually(() => expect(texts(host, 'activity-entry')).toHaveLength(4));
    expect(texts(host, 'activity-entry')[3]).toBe('Bob deleted “Ship it” · just now');
    expect(byTestId(host, 'activity-older')).toHaveLength(0);

    // The stream could not replay what it missed: the newest page fills the gap, without doubles.
    push('reset', { channels: ['board:b1'] });
    http
      .expectOne('/api/boards/b1/activity')
      .flush({ entries: [entry('900-0', { kind: 'vote.started' }), entry('50-0')] } satisfies ActivityPage);
    await eventually(() => expect(texts(host, 'activity-entry')[0]).toBe('Bob started a vote · just now'));
    expect(texts(host, 'activity-entry')).toHaveLength(5);
  });

  it('lists the trash for an editor, restores a note with its id, and refetches when a note is deleted', async () => {
    const host = await render('editor');
    byTestId(host, 'trash-toggle')[0].click();
    await fixture.whenStable();
    http.expectOne('/api/boards/b1/trash').flush([trashed('n1', 'Ship it'), trashed('n2', 'Later')]);
    await eventually(() => expect(byTestId(host, 'trash-item')).toHaveLength(2));
    expect(texts(host, 'trash-item')[0]).toContain('Deleted by Bob just now');
    expect(byTestId(host, 'trash-empty-button')).toHaveLength(0);

    byTestId(host, 'trash-restore')[0].click();
    http.expectOne({ method: 'POST', url: '/api/boards/b1/trash/n1/restore' }).flush(note('n1', 'Ship it'));
    await eventually(() => expect(byTestId(host, 'trash-item')).toHaveLength(1));
    expect(applyRestored).toHaveBeenCalledWith(note('n1', 'Ship it'));
    expect(byTestId(host, 'trash-item').map((item) => item.dataset['noteId'])).toEqual(['n2']);

    push('note.deleted', { boardId: 'b1', noteId: 'n3' });
    http.expectOne('/api/boards/b1/trash').flush([trashed('n3', 'Gone'), trashed('n2', 'Later')]);
    await eventually(() => expect(byTestId(host, 'trash-item')).toHaveLength(2));

    push('note.created', { note: note('n2', 'Later'), restored: true });
    await eventually(() => expect(byTestId(host, 'trash-item').map((item) => item.dataset['noteId'])).toEqual(['n3']));
  });

  it('lets a viewer see the trash but not restore from it', async () => {
    const host = await render('viewer');
    byTestId(host, 'trash-toggle')[0].click();
    await fixture.whenStable();
    http.expectOne('/api/boards/b1/trash').flush([trashed('n1', 'Ship it')]);
    await eventually(() => expect(byTestId(host, 'trash-item')).toHaveLength(1));
    expect(byTestId(host, 'trash-restore')).toHaveLength(0);
  });

  it('lets the owner empty the trash after confirming', async () => {
    const host = await render('owner');
    byTestId(host, 'trash-toggle')[0].click();
    await fixture.whenStable();
    http.expectOne('/api/boards/b1/trash').flush([trashed('n1', 'Ship it')]);
    await eventually(() => expect(byTestId(host, 'trash-empty-button')).toHaveLength(1));

    byTestId(host, 'trash-empty-button')[0].click();
    await fixture.whenStable();
    expect(host.querySelector('[role="alertdialog"]')?.textContent).toContain('Delete 1 note for good?');
    byTestId(host, 'trash-empty-confirm')[0].click();
    http.expectOne({ method: 'DELETE', url: '/api/boards/b1/trash' }).flush(null);
    await eventually(() => expect(byTestId(host, 'trash-empty')).toHaveLength(1));
  });
});
