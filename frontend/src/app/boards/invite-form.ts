import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { ASSIGNABLE_ROLES, type AssignableRole, type BoardInvitation } from '@contracts/boards';

import { errorMessages } from '../core/api-error';
import { MembersApi } from './members-api';
import { ROLE_LABELS } from './roles';

// Mirrors the server's username rule, so a typo is caught before a round trip.
const USERNAME = /^[a-z0-9_.-]{3,32}$/;
let nextId = 0;

/** Owner-only: invite a user by username with a role. They join once they accept. */
@Component({
  selector: 'cb-invite-form',
  template: `
    <form class="invite" (submit)="submit($event)" novalidate>
      <label class="visually-hidden" [for]="inputId" i18n="@@boards.invite.label">Invite a member by username</label>
      <input
        [id]="inputId"
        type="text"
        class="invite-input"
        data-testid="invite-input"
        placeholder="Invite by username"
        i18n-placeholder="@@boards.invite.placeholder"
        autocomplete="off"
        autocapitalize="none"
        spellcheck="false"
        maxlength="32"
        [value]="username()"
        [attr.aria-invalid]="error() ? true : null"
        [attr.aria-describedby]="error() ? inputId + '-error' : null"
        (input)="edit($any($event.target).value)"
      />
      <label class="visually-hidden" [for]="inputId + '-role'" i18n="@@boards.invite.role">Role</label>
      <select
        class="invite-role"
        data-testid="invite-role"
        [id]="inputId + '-role'"
        [value]="role()"
        (change)="role.set($any($event.target).value)"
      >
        @for (option of roles; track option) {
          <option [value]="option">{{ labels[option] }}</option>
        }
      </select>
      <button type="submit" class="btn btn-ghost invite-button" data-testid="invite-submit" [disabled]="pending()">
        @if (pending()) {
          <ng-container i18n="@@boards.invite.pending">Inviting…</ng-container>
        } @else {
          <ng-container i18n="@@boards.invite.submit">Invite</ng-container>
        }
      </button>
    </form>
    @if (error(); as message) {
      <p class="field-error invite-note" role="alert" data-testid="invite-error" [id]="inputId + '-error'">{{ message }}</p>
    } @else if (invitedName(); as name) {
      <p class="invite-note invite-ok" role="status" data-testid="invite-success" i18n="@@boards.invite.success">
        {{
          name // i18n(ph="name")
        }}
        is invited and joins once they accept.
      </p>
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
      /* No intrinsic width: with the role picker beside it, it must not push a narrow card wider. */
      width: 0;
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
    .invite-role {
      min-height: 2.25rem;
      padding: 0 0.375rem;
      font: inherit;
      font-size: 0.875rem;
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
      inset-inline: 0;
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
  private readonly api = inject(MembersApi);

  readonly boardId = input.required<string>();
  /** In a toolbar: messages float below instead of pushing the bar taller. */
  readonly compact = input(false);
  readonly invited = output<BoardInvitation>();

  protected readonly inputId = `invite-${nextId++}`;
  protected readonly roles = ASSIGNABLE_ROLES;
  protected readonly labels = ROLE_LABELS;
  protected readonly username = signal('');
  protected readonly role = signal<AssignableRole>('editor');
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
      this.error.set($localize`:@@boards.invite.usernameRule:Usernames are 3 to 32 characters of a-z, 0-9, _ . -`);
      return;
    }
    this.pending.set(true);
    this.error.set(null);
    this.invitedName.set(null);
    try {
      const invitation = await firstValueFrom(this.api.invite(this.boardId(), username, this.role()));
      this.invited.emit(invitation);
      this.invitedName.set(username);
      this.username.set('');
    } catch (error) {
      this.error.set(errorMessages(error)[0]);
    } finally {
      this.pending.set(false);
    }
  }
}
