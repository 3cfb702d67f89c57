import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import type { InviteLinkPreview } from '@contracts/boards';

import { AuthStore } from '../auth/auth-store';
import { errorMessages } from '../core/api-error';
import { MembersApi } from './members-api';

type JoinState = { kind: 'loading' } | { kind: 'preview'; preview: InviteLinkPreview } | { kind: 'failed'; message: string };

/**
 * /join/:token — an invite link. Signed in: what joining gives, then join. Signed out: sign in or
 * register first; they come back here with ?join=now and are taken straight onto the board.
 */
@Component({
  selector: 'cb-join-page',
  imports: [RouterLink],
  template: `
    <main class="auth-layout">
      <section class="auth-card" aria-labelledby="join-title" data-testid="join-page">
        <p class="auth-brand"><span class="logo" aria-hidden="true"></span>Corkboard</p>
        @if (!signedIn()) {
          <h1 id="join-title" i18n="@@boards.join.invitedTitle">You’re invited to a board</h1>
          <p class="auth-subtitle" i18n="@@boards.join.signInFirst">
            Sign in or create an account to join it. You’ll land on the board right after.
          </p>
          <a
            class="btn btn-primary btn-block"
            data-testid="join-sign-in"
            routerLink="/login"
            [queryParams]="returnTo()"
            i18n="@@boards.join.signIn"
            >Sign in</a
          >
          <p class="auth-switch">
            <span i18n="@@boards.join.newHere">New to Corkboard?</span>&ngsp;
            <a routerLink="/register" data-testid="join-register" [queryParams]="returnTo()" i18n="@@boards.join.register"
              >Create an account</a
            >
          </p>
        } @else {
          @switch (state().kind) {
            @case ('loading') {
              <h1 id="join-title" i18n="@@boards.join.opening">Opening your invitation…</h1>
              <p class="auth-subtitle" aria-busy="true" i18n="@@boards.join.moment">Just a moment.</p>
            }
            @case ('failed') {
              <h1 id="join-title" i18n="@@boards.join.unusable">This link can’t be used</h1>
              <p class="auth-notice" role="alert" data-testid="join-error">{{ failure() }}</p>
              <a class="btn btn-ghost btn-block" routerLink="/boards" i18n="@@boards.join.toBoards">Go to your boards</a>
            }
            @default {
              @if (preview(); as preview) {
                <h1 id="join-title" data-testid="join-board-title" i18n="@@boards.join.boardTitle">
                  “{{
                    preview.boardTitle  // i18n(ph="board")
                  }}”
                </h1>
                @let inviter = preview.invitedBy.displayName || preview.invitedBy.username;
                <p class="auth-subtitle" data-testid="join-summary">
                  @if (preview.alreadyMember) {
                    <ng-container i18n="@@boards.join.summaryMember"
                      >{{
                        inviter // i18n(ph="name")
                      }}
                      invited you to join as a member. You’re already on this board.</ng-container
                    >
                  } @else if (preview.role === 'viewer') {
                    <ng-container i18n="@@boards.join.summaryViewer"
                      >{{
                        inviter // i18n(ph="name")
                      }}
                      invited you to join as viewer.</ng-container
                    >
                  } @else {
                    <ng-container i18n="@@boards.join.summaryEditor"
                      >{{
                        inviter // i18n(ph="name")
                      }}
                      invited you to join as editor.</ng-container
                    >
                  }
                </p>
                <button type="button" class="btn btn-primary btn-block" data-testid="join-board" [disabled]="joining()" (click)="accept()">
                  @if (joining()) {
                    <ng-container i18n="@@boards.join.joining">Joining…</ng-container>
                  } @else if (preview.alreadyMember) {
                    <ng-container i18n="@@boards.join.open">Open board</ng-container>
                  } @else {
                    <ng-container i18n="@@boards.join.join">Join board</ng-container>
                  }
                </button>
                <p class="auth-switch"><a routerLink="/boards" i18n="@@boards.join.notNow">Not now</a></p>
              }
            }
          }
        }
      </section>
    </main>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JoinPage {
  private readonly api = inject(MembersApi);
  private readonly router = inject(Router);
  protected readonly signedIn = inject(AuthStore).isAuthenticated;

  /** Bound from the route's :token. */
  readonly token = input.required<string>();
  /** ?join=now: back from signing in, so the user already chose to join. */
  readonly join = input<string>();

  protected readonly state = signal<JoinState>({ kind: 'loading' });
  protected readonly joining = signal(false);
  protected readonly preview = computed(() => {
    const state = this.state();
    return state.kind === 'preview' ? state.preview : null;
  });
  protected readonly failure = computed(() => {
    const state = this.state();
    return state.kind === 'failed' ? state.message : '';
  });
  protected readonly returnTo = computed(() => ({ returnUrl: `/join/${encodeURIComponent(this.token())}?join=now` }));

  constructor() {
    effect(() => {
      const token = this.token();
      if (this.signedIn()) {
        untracked(() => void (this.join() === 'now' ? this.accept() : this.load(token)));
      }
    });
  }

  protected async accept(): Promise<void> {
    if (this.joining()) {
      return;
    }
    this.joining.set(true);
    try {
      const board = await firstValueFrom(this.api.acceptLink(this.token()));
      await this.router.navigate(['/boards', board.id], { replaceUrl: true });
    } catch (error) {
      this.state.set({ kind: 'failed', message: linkErrorMessage(error) });
    } finally {
      this.joining.set(false);
    }
  }

  private async load(token: string): Promise<void> {
    this.state.set({ kind: 'loading' });
    try {
      this.state.set({ kind: 'preview', preview: await firstValueFrom(this.api.previewLink(token)) });
    } catch (error) {
      this.state.set({ kind: 'failed', message: linkErrorMessage(error) });
    }
  }
}

/** What a refused link means to the person holding it. */
export function linkErrorMessage(error: unknown): string {
  const status = error instanceof HttpErrorResponse ? error.status : 0;
  if (status === 404) {
    return $localize`:@@boards.join.linkUnknown:This invite link does not exist or was revoked. Ask the board’s owner for a new one.`;
  }
  if (status === 410) {
    return $localize`:@@boards.join.linkGone:This invite link has expired or has been used as many times as allowed. Ask the board’s owner for a new one.`;
  }
  return errorMessages(error)[0];
}
