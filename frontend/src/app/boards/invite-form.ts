import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { Board } from '@contracts/boards';

import { errorMessages } from '../core/api-error';
import { BoardsApi } from './boards-api';

// Mirrors the server's username rule, so a typo is caught before a round trip.
const USERNAME = /^[a-z0-9_.-]{3,32}$/;
let nextId = 0;

/** Owner-only: add a member by username. The invitee sees the board appear live. */
@Component({
  selector: 'cb-invite-form',
  template: `
    <form class="invite" (submit)="submit($event)" novalidate>
      <label class="visually-hidden" [for]="inputId">Invite a member by username</label>
      <input
        [id]="inputId"
        type="text"
        class="invite-input"
        data-testid="invite-input"
        placeholder="Invite by username"
        autocomplete="off"
        autocapitalize="none"
        spellcheck="false"
        maxlength="32"
        [value]="username()"
        [attr.aria-invalid]="error() ? true : null"
        [attr.aria-describedby]="error() ? inputId + '-error' : null"
        (input)="edit($any($event.target).value)"
      />
      <button type="submit" class="btn btn-ghost invite-button" data-testid="invite-submit" [disabled]="pending()">
        {{ pending() ? 'Inviting…' : 'Invite' }}
      </button>
    </form>
    @if (error(); as message) {
      <p class="field-error invite-note" role="alert" data-testid="invite-error" [id]="inputId + '-error'">{{ message }}</p>
    } @else if (invitedName(); as name) {
      <p class="invite-note invite-ok" role="status" data-testid="invite-success">{{ name }} can now open this board.</p>
    }
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .invite {
      display: flex;
      gap: 0.375rem;
    }
    .invite-input {
      flex: 1;
      min-width: 0;
      min-height: 2.25rem;
      padding: 0.375rem 0.625rem;
      font: inherit;
      font-size: 0.9rem;
      color: var(--text);
      background: var(--surface);
      border: 1px solid var(--border-strong);
      border-radius: var(--radius);
    }
    .invite-input:focus {
      outline: none;
      border-color: var(--accent);
      box-shadow: 0 0 0 3px rgb(79 70 229 / 0.2);
    }
    .invite-input[aria-invalid='true'] {
      border-color: var(--danger);
    }
    .invite-button {
      min-height: 2.25rem;
      padding: 0 0.75rem;
      font-size: 0.875rem;
    }
    .invite-note {
      margin: 0.375rem 0 0;
      font-size: 0.8125rem;
    }
    .invite-ok {
      color: #067647;
    }
    :host(.compact) {
      position: relative;
    }
    :host(.compact) .invite-note {
      position: absolute;
      top: 100%;
      left: 0;
      right: 0;
      z-index: 5;
      padding: 0.375rem 0.625rem;
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: var(--radius);
      box-shadow: var(--shadow-card);
    }
  `,
  host: { '[class.compact]': 'compact()' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InviteForm {
  private readonly api = inject(BoardsApi);

  readonly boardId = input.required<string>();
  /** In a toolbar: messages float below instead of pushing the bar taller. */
  readonly compact = input(false);
  readonly invited = output<Board>();

  protected readonly inputId = `invite-${nextId++}`;
  protected readonly username = signal('');
  protected readonly pending = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly invitedName = signal<string | null>(null);

  protected edit(value: string): void {
    this.username.set(value);
    this.error.set(null);
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.pending()) {
      return;
    }
    const username = this.username().trim().toLowerCase();
    if (!USERNAME.test(username)) {
      this.error.set('Usernames are 3 to 32 characters of a-z, 0-9, _ . -');
      return;
    }
    this.pending.set(true);
    this.error.set(null);
    this.invitedName.set(null);
    try {
      const board = await firstValueFrom(this.api.invite(this.boardId(), username));
      this.invited.emit(board);
      this.invitedName.set(username);
      this.username.set('');
    } catch (error) {
      this.error.set(errorMessages(error)[0]);
    } finally {
      this.pending.set(false);
    }
  }
}
