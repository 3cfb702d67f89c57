import { ChangeDetectionStrategy, Component, DestroyRef, LOCALE_ID, computed, inject, output, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import {
  ASSIGNABLE_ROLES,
  type AssignableRole,
  type BoardInvitation,
  type BoardMember,
  type CreatedInviteLink,
  INVITE_LINK_MAX_USES,
  type InviteLink,
} from '@contracts/boards';
import { boardChannel } from '@contracts/channels';

import { AuthStore } from '../auth/auth-store';
import { InviteForm } from '../boards/invite-form';
import { MembersApi } from '../boards/members-api';
import { LINK_EXPIRY_PRESETS, ROLE_LABELS, expiresIn, liveLinks, withInvitation } from '../boards/roles';
import { errorMessages } from '../core/api-error';
import { Toasts } from '../core/toasts';
import { formatInteger } from '../i18n/format';
import { RealtimeClient } from '../realtime/realtime-client';
import { BoardStore } from './board-store';
import { TrapFocus } from '../a11y/trap-focus';

/** A member action that waits for the owner to confirm it. */
type Confirming = { kind: 'remove' | 'owner'; member: BoardMember };

/**
 * Members and sharing: everyone sees who is on the board with which role; the owner changes
 * roles, removes members, hands ownership over, invites by username and manages invite links.
 */
@Component({
  selector: 'cb-board-settings',
  imports: [TrapFocus, InviteForm],
  templateUrl: './board-settings.html',
  styleUrl: './board-settings.css',
  host: { '(document:keydown.escape)': 'closed.emit()' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BoardSettings {
  protected readonly store = inject(BoardStore);
  private readonly api = inject(MembersApi);
  private readonly toasts = inject(Toasts);
  private readonly me = inject(AuthStore).user()?.id;
  private readonly locale = inject(LOCALE_ID);

  readonly closed = output<void>();

  protected readonly roles = ASSIGNABLE_ROLES;
  protected readonly labels = ROLE_LABELS;
  protected readonly presets = LINK_EXPIRY_PRESETS;
  protected readonly maxUsesLimit = INVITE_LINK_MAX_USES;
  protected readonly board = this.store.board;
  protected readonly isOwner = this.store.isOwner;
  protected readonly members = computed(() => this.board()?.members ?? []);

  protected readonly invitations = signal<readonly BoardInvitation[]>([]);
  private readonly allLinks = signal<readonly InviteLink[]>([]);
  protected readonly links = computed(() => liveLinks(this.allLinks(), Date.now()));
  /** The link just made: its URL is shown this once (the server keeps only a hash). */
  protected readonly created = signal<CreatedInviteLink | null>(null);
  protected readonly copied = signal(false);
  protected readonly linkRole = signal<AssignableRole>('editor');
  protected readonly linkExpiry = signal<number>(LINK_EXPIRY_PRESETS[2].seconds);
  protected readonly linkMaxUses = signal('');
  protected readonly linkError = signal<string | null>(null);
  protected readonly creatingLink = signal(false);
  protected readonly confirming = signal<Confirming | null>(null);
  /** Ids of members, invitations and links with a request under way: a second click sends nothing. */
  protected readonly busy = signal<ReadonlySet<string>>(new Set());

  constructor() {
    const board = this.board();
    if (board && this.isOwner()) {
      void this.loadOwnerLists(board.id);
      const subscription = inject(RealtimeClient)
        .on(boardChannel(board.id), 'board.invitation', 'reset')
        .subscribe((event) => {
          if (event.type === 'board.invitation') {
            this.invitations.update((list) => withInvitation(list, event.data.invitation));
          } else {
            void this.loadOwnerLists(board.id);
          }
        });
      inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
    }
  }

  protected isMe(member: BoardMember): boolean {
    return member.id === this.me;
  }

  protected name(user: { displayName: string; username: string }): string {
    return user.displayName || user.username;
  }

  protected expires(iso: string): string {
    return expiresIn(iso, Date.now(), this.locale);
  }

  protected integer(value: number): string {
    return formatInteger(value, this.locale);
  }

  protected linkUrl(link: CreatedInviteLink): string {
    return `${location.origin}${link.path}`;
  }

  protected isBusy(id: string): boolean {
    return this.busy().has(id);
  }

  protected invited(invitation: BoardInvitation): void {
    this.invitations.update((list) => withInvitation(list, invitation));
  }

  protected async changeRole(member: BoardMember, role: AssignableRole): Promise<void> {
    const board = this.board();
    if (!board || member.role === role) {
      return;
    }
    await this.run(
      member.id,
      async () => {
        this.store.applyBoard(await firstValueFrom(this.api.changeRole(board.id, member.id, role)));
      },
      $localize`:@@board.settings.roleFailed:${this.name(member)}:name:’s role could not be changed`,
    );
  }

  protected async confirm(): Promise<void> {
    const action = this.confirming();
    const board = this.board();
    this.confirming.set(null);
    if (!action || !board) {
      return;
    }
    const { member } = action;
    if (action.kind === 'remove') {
      await this.run(member.id, () => this.store.removeMember(member.id), '');
      return;
    }
    await this.run(
      member.id,
      async () => {
        this.store.applyBoard(await firstValueFrom(this.api.transferOwnership(board.id, member.id)));
        const title = board.title;
        this.toasts.info(
          $localize`:@@board.settings.ownerHandedOver:${this.name(member)}:name: now owns “${title}:title:”. You are an editor.`,
        );
      },
      $localize`:@@board.settings.ownerFailed:Ownership could not be handed to ${this.name(member)}:name:`,
    );
  }

  protected async cancelInvitation(invitation: BoardInvitation): Promise<void> {
    await this.run(
      invitation.id,
      async () => {
        await firstValueFrom(this.api.cancelInvitation(invitation.boardId, invitation.id));
        this.invitations.update((list) => withInvitation(list, { ...invitation, status: 'cancelled' }));
      },
      $localize`:@@board.settings.cancelFailed:The invitation to ${this.name(invitation.invitee)}:name: could not be cancelled`,
    );
  }

  protected async createLink(event: Event): Promise<void> {
    event.preventDefault();
    const board = this.board();
    if (!board || this.creatingLink()) {
      return;
    }
    const text = this.linkMaxUses().trim();
    const maxUses = text === '' ? undefined : Number(text);
    if (maxUses !== undefined && (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > INVITE_LINK_MAX_USES)) {
      // Written as the field takes it (no grouping: "1000", not "1,000").
      const max = INVITE_LINK_MAX_USES;
      this.linkError.set(
        $localize`:@@board.settings.maxUsesInvalid:Max uses is a whole number from 1 to ${max}:max:, or empty for no limit.`,
      );
      return;
    }
    this.creatingLink.set(true);
    this.linkError.set(null);
    try {
      const link = await firstValueFrom(
        this.api.createLink(board.id, { role: this.linkRole(), expiresIn: this.linkExpiry(), ...(maxUses ? { maxUses } : {}) }),
      );
      this.created.set(link);
      this.copied.set(false);
      this.linkMaxUses.set('');
      this.allLinks.update((links) => [...links, link]);
    } catch (error) {
      this.linkError.set(errorMessages(error)[0]);
    } finally {
      this.creatingLink.set(false);
    }
  }

  protected async copy(link: CreatedInviteLink): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.linkUrl(link));
      this.copied.set(true);
    } catch {
      this.toasts.error($localize`:@@board.settings.copyFailed:The link could not be copied: select it and copy it by hand.`);
    }
  }

  protected async revoke(link: InviteLink): Promise<void> {
    await this.run(
      link.id,
      async () => {
        await firstValueFrom(this.api.revokeLink(link.boardId, link.id));
        this.allLinks.update((links) => links.filter((known) => known.id !== link.id));
        if (this.created()?.id === link.id) {
          this.created.set(null);
        }
      },
      $localize`:@@board.settings.revokeFailed:The link could not be revoked`,
    );
  }

  private async loadOwnerLists(boardId: string): Promise<void> {
    try {
      const [invitations, links] = await Promise.all([
        firstValueFrom(this.api.boardInvitations(boardId)),
        firstValueFrom(this.api.links(boardId)),
      ]);
      this.invitations.set(invitations.filter((invitation) => invitation.status === 'pending'));
      this.allLinks.set(links);
    } catch (error) {
      const reason = errorMessages(error)[0];
      this.toasts.error($localize`:@@board.settings.listsFailed:Invitations and links could not be loaded: ${reason}:reason:`);
    }
  }

  /** One request per object at a time; a failure is told with `failure` (empty when the callee tells it). */
  private async run(id: string, request: () => Promise<void>, failure: string): Promise<void> {
    if (this.busy().has(id)) {
      return;
    }
    this.busy.update((ids) => new Set(ids).add(id));
    try {
      await request();
    } catch (error) {
      if (failure) {
        const reason = errorMessages(error)[0];
        this.toasts.error($localize`:@@board.failureReason:${failure}:failure:: ${reason}:reason:`);
      }
    } finally {
      this.busy.update((ids) => {
        const next = new Set(ids);
        next.delete(id);
        return next;
      });
    }
  }
}
