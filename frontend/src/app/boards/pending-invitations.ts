import { ChangeDetectionStrategy, Component, inject, output } from '@angular/core';

import type { Board, BoardInvitation } from '@contracts/boards';

import { InvitationsStore } from './invitations-store';

/** The boards page's list of invitations waiting for an answer; nothing shows when there are none. */
@Component({
  selector: 'cb-pending-invitations',
  template: `
    @if (store.pending().length > 0) {
      <section class="invitations" aria-labelledby="invitations-title" data-testid="my-invitations">
        <h2 id="invitations-title" i18n="@@boards.invitations.title">Invitations</h2>
        <ul>
          @for (invitation of store.pending(); track invitation.id) {
            <li data-testid="my-invitation" [attr.data-board-id]="invitation.boardId">
              @let inviter = invitation.invitedBy.displayName || invitation.invitedBy.username;
              @if (invitation.role === 'viewer') {
                <span class="text" i18n="@@boards.invitations.asViewer">
                  <strong>{{
                    inviter // i18n(ph="name")
                  }}</strong>
                  invited you to
                  <strong
                    >“{{
                      invitation.boardTitle  // i18n(ph="board")
                    }}”</strong
                  >
                  as viewer
                </span>
              } @else {
                <span class="text" i18n="@@boards.invitations.asEditor">
                  <strong>{{
                    inviter // i18n(ph="name")
                  }}</strong>
                  invited you to
                  <strong
                    >“{{
                      invitation.boardTitle  // i18n(ph="board")
                    }}”</strong
                  >
                  as editor
                </span>
              }
              <span class="actions">
                <button
                  type="button"
                  class="btn btn-primary"
                  data-testid="accept-my-invitation"
                  [disabled]="store.busy().has(invitation.id)"
                  (click)="accept(invitation)"
                  i18n="@@boards.invitations.accept"
                >
                  Accept
                </button>
                <button
                  type="button"
                  class="btn btn-ghost"
                  data-testid="decline-my-invitation"
                  [disabled]="store.busy().has(invitation.id)"
                  (click)="store.decline(invitation.id, invitation.boardTitle)"
                  i18n="@@boards.invitations.decline"
                >
                  Decline
                </button>
              </span>
            </li>
          }
        </ul>
      </section>
    }
  `,
  styles: `
    .invitations {
      margin: 0 0 1.5rem;
      padding: 1rem 1.25rem;
      background: var(--accent-soft);
      border-radius: var(--radius-lg);
    }
    h2 {
      margin: 0 0 0.5rem;
      font-size: 1rem;
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem 1rem;
      padding: 0.5rem 0;
    }
    li + li {
      border-top: 1px solid rgb(79 70 229 / 0.15);
    }
    .actions {
      display: flex;
      gap: 0.375rem;
    }
    .btn {
      min-height: 2.25rem;
      font-size: 0.875rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PendingInvitations {
  protected readonly store = inject(InvitationsStore);

  readonly joined = output<Board>();

  constructor() {
    this.store.ensureLoaded();
  }

  protected async accept(invitation: BoardInvitation): Promise<void> {
    const board = await this.store.accept(invitation.id, invitation.boardTitle);
    if (board) {
      this.joined.emit(board);
    }
  }
}
