import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { NEVER, Subject } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { Board, Note } from '@contracts/boards';
import type { AnyEventEnvelope } from '@contracts/events';
import type { VoteView } from '@contracts/facilitation';

import { Announcer } from '../a11y/announcer';
import { AuthStore } from '../auth/auth-store';
import { BoardStore } from '../board/board-store';
import { RealtimeClient } from '../realtime/realtime-client';
import { VoteDots } from './vote-dots';
import { VoteStatus } from './vote-status';
import { VoteStore } from './vote-store';
import { voteView } from './testing/vote-view';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const board: Board = {
  id: 'b1',
  title: 'Retro',
  ownerId: 'u1',
  members: [
    { ...alice, role: 'owner' },
    { id: 'u2', username: 'bob', displayName: 'Bob', role: 'editor' },
  ],
  createdAt: '',
};
const note = (id: string, text: string): Note => ({
  id,
  boardId: 'b1',
  text,
  x: 0,
  y: 0,
  color: 'yellow',
  version: 1,
  createdBy: 'u1',
  updatedAt: '',
});
const view = (changes: Partial<VoteView> = {}): VoteView =>
  voteView({ revision: 3, totalDots: 2, voters: 1, myDots: { n1: 1 }, ...changes });

@Component({
  imports: [VoteStatus, VoteDots],
  template: `
    <cb-vote-status />
    @for (id of ids; track id) {
      <div class="note" [attr.data-id]="id"><cb-vote-dots [noteId]="id" /></div>
    }
  `,
  providers: [BoardStore, VoteStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class Host {
  readonly boards = inject(BoardStore);
  readonly votes = inject(VoteStore);
  readonly ids = ['n1', 'n2', 'n3'];
}

describe('vote status and dots on notes', () => {
  let http: HttpTestingController;
  let events: Subject<AnyEventEnvelope>;
  let fixture: ComponentFixture<Host>;
  let page: HTMLElement;
  let news: ReturnType<typeof vi.fn>;

  const testIds = (id: string): HTMLElement[] => [...page.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
  const onNote = (noteId: string, id: string): HTMLElement | null => page.querySelector(`.note[data-id="${noteId}"] [data-testid="${id}"]`);

  async function open(vote: VoteView | null): Promise<void> {
    fixture = TestBed.createComponent(Host);
    page = fixture.nativeElement as HTMLElement;
    void fixture.componentInstance.boards.open('b1');
    http
      .expectOne('/api/boards/b1')
      .flush({ board, notes: [note('n1', 'Keep pairing'), note('n2', 'Stop late merges'), note('n3', 'Demos')], cursor: 'c' });
    await vi.waitFor(() => expect(fixture.componentInstance.boards.board()).not.toBeNull());
    fixture.componentInstance.votes.open('b1');
    http.expectOne('/api/boards/b1/vote').flush({ vote });
    await fixture.whenStable();
  }

  beforeEach(async () => {
    events = new Subject();
    news = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        { provide: Announcer, useValue: { news } },
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: RealtimeClient,
          useValue: {
            channel: vi.fn(() => events.asObservable()),
            on: vi.fn(() => NEVER),
            resume: vi.fn(),
            refused$: new Subject(),
            state: signal('live'),
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthStore).login({ username: 'alice', password: 'correct horse' });
    http.expectOne('/api/auth/login').flush({ user: alice, accessToken: 't', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await login;
  });

  it('while an anonymous vote runs, shows our dots and the count left, and no note totals', async () => {
    await open(view());
    expect(testIds('dots-left')[0].textContent?.trim()).toBe('2 of 3 dots left');
    expect(testIds('vote-total')[0].textContent?.trim()).toBe('2 dots placed by 1 person');
    expect(onNote('n1', 'vote-dots')?.getAttribute('data-mine')).toBe('1');
    expect(onNote('n2', 'vote-dots')?.getAttribute('data-mine')).toBe('0');
    expect(testIds('note-dot-total')).toHaveLength(0);
    expect(testIds('vote-result')).toHaveLength(0);
    // The owner may end a vote someone else started.
    expect(testIds('end-vote')).toHaveLength(1);

    (onNote('n2', 'add-dot') as HTMLButtonElement).click();
    http
      .expectOne({ method: 'POST', url: '/api/boards/b1/vote/dots' })
      .flush(view({ revision: 4, totalDots: 3, myDots: { n1: 1, n2: 1 } }));
    await fixture.whenStable();
    expect(onNote('n2', 'vote-dots')?.getAttribute('data-mine')).toBe('1');
    expect(testIds('dots-left')[0].textContent?.trim()).toBe('1 of 3 dots left');
  });

  it('offers to take back our dots from a note deleted since', async () => {
    await open(view({ myDots: { n1: 1, gone: 2 } }));
    expect(testIds('dots-left')[0].textContent?.trim()).toBe('0 of 3 dots left');
    testIds('take-back-orphans')[0].click();
    const requests = http.match({ method: 'DELETE', url: '/api/boards/b1/vote/dots/gone' });
    expect(requests).toHaveLength(2);
    requests[0].flush(view({ revision: 4, myDots: { n1: 1, gone: 1 } }));
    requests[1].flush(view({ revision: 5, myDots: { n1: 1 } }));
    await fixture.whenStable();
    expect(testIds('take-back-orphans')).toHaveLength(0);
    expect(testIds('dots-left')[0].textContent?.trim()).toBe('2 of 3 dots left');
  });

  it('shows each note its total while a named vote runs', async () => {
    await open(view({ anonymous: false, results: { n1: 1, n2: 1 } }));
    expect(onNote('n1', 'note-dot-total')?.textContent?.trim()).toBe('1');
    expect(onNote('n3', 'note-dot-total')?.textContent?.trim()).toBe('0');
  });

  it('once the vote ended, badges the notes with dots and lists them by votes, most first', async () => {
    await open(view({ status: 'ended', revision: 9, totalDots: 5, voters: 2, results: { n1: 1, n3: 4 } }));
    expect(onNote('n3', 'vote-result')?.getAttribute('data-dots')).toBe('4');
    expect(onNote('n1', 'vote-result')?.getAttribute('data-dots')).toBe('1');
    expect(onNote('n2', 'vote-result')).toBeNull();
    expect(testIds('vote-dots')).toHaveLength(0);
    expect(testIds('vote-result-item').map((item) => [item.getAttribute('data-note-id'), item.getAttribute('aria-label')])).toEqual([
      ['n3', 'Demos: 4 dots'],
      ['n1', 'Keep pairing: 1 dot'],
    ]);

    testIds('clear-vote')[0].click();
    http.expectOne({ method: 'DELETE', url: '/api/boards/b1/vote' }).flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(testIds('vote-status')).toHaveLength(0);
  });

  it('tells everyone when the vote ends, with the note the results list first; nothing for one already ended', async () => {
    await open(view({ anonymous: false }));
    const ended = view({ status: 'ended', revision: 9, totalDots: 5, voters: 2, results: { n1: 1, n3: 4 } });
    events.next({ id: '9-0', channel: 'board:b1', type: 'vote.ended', timestamp: '', userId: 'u2', data: { vote: ended } });
    await fixture.whenStable();
    expect(news.mock.calls).toEqual([['The vote has ended: “Demos” leads with 4 dots']]);
    expect(page.querySelector('[role="status"]')?.textContent?.trim()).toBe('');
    fixture.destroy();

    news.mockClear();
    await open(ended);
    expect(news).not.toHaveBeenCalled();
    expect(page.querySelector('[role="status"]')?.textContent?.trim()).toBe('');
  });
});
