import { DecimalPipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  LOCALE_ID,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';

import type { PublicUser } from '@contracts/api';
import type { Board } from '@contracts/boards';
import type { PresenceStatus } from '@contracts/presence';

import { AuthStore } from '../auth/auth-store';
import { CallButton } from '../calls/call-button';
import { ViewportStore } from '../follow/viewport-store';
import { formatInteger } from '../i18n/format';
import { PresenceStore } from './presence-store';
import { STATUS_LABELS, sinceLabel } from './status-labels';
import { initialOf, userColor } from './user-color';

const MAX_AVATARS = 4;

interface MemberRow {
  id: string;
  user: PublicUser;
  name: string;
  initial: string;
  color: string;
  status: PresenceStatus | 'offline';
  statusLabel: string;
  owner: boolean;
  me: boolean;
  /** What the viewer may do to this row: the owner removes others, a member leaves. */
  action: 'remove' | 'leave' | null;
  /** Here now and not us: their view can be followed. */
  followable: boolean;
  following: boolean;
}

/**
 * Board header: who is here now (avatars with a status dot and "here since"), and the
 * members list with online dots behind a button, where the owner removes members and a
 * member leaves (each after a confirm step; the page carries it out), and anyone calls a member.
 */
@Component({
  selector: 'cb-presence-bar',
  imports: [CallButton, DecimalPipe],
  templateUrl: './presence-bar.html',
  styleUrl: './presence-bar.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '(document:pointerdown)': 'closeMembersOnOutsidePointer($event)',
    '(keydown.escape)': 'closeMembers(true)',
  },
})
export class PresenceBar {
  private readonly presence = inject(PresenceStore);
  private readonly auth = inject(AuthStore);
  /** Follow mode, where the page offers it: clicking someone's avatar follows their view. */
  private readonly viewport = inject(ViewportStore, { optional: true });
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly locale = inject(LOCALE_ID);

  readonly board = input.required<Board>();
  readonly leave = output<void>();
  readonly removeMember = output<string>();

  protected readonly membersOpen = signal(false);
  /** The member whose Remove (or my Leave) waits for a second click. */
  protected readonly confirming = signal<string | null>(null);
  protected readonly here = computed(() => {
    const me = this.auth.user()?.id;
    return this.presence.users().map((user) => {
      const name = user.displayName || user.username;
      const since = sinceLabel(user.since, this.locale);
      const status = STATUS_LABELS[user.status];
      const row = {
        id: user.userId,
        name: user.userId === me ? $localize`:@@presence.you:${name}:name: (you)` : name,
        initial: initialOf(name),
        color: userColor(user.userId),
        status: user.status,
        detail: since ? $localize`:@@presence.hereSince:${status}:status: · here since ${since}:time:` : status,
        followable: this.viewport !== null && user.userId !== me,
        following: this.viewport?.leaderId() === user.userId,
      };
      return { ...row, label: avatarLabel(row) };
    });
  });
  protected readonly shown = computed(() => this.here().slice(0, MAX_AVATARS));
  protected readonly extra = computed(() => Math.max(0, this.here().length - MAX_AVATARS));
  protected readonly hereLabel = computed(() => {
    const count = this.here().length;
    return count === 1
      ? $localize`:@@presence.here.one:1 person on this board now`
      : $localize`:@@presence.here:${formatInteger(count, this.locale)}:count: people on this board now`;
  });

  protected readonly members = computed<MemberRow[]>(() => {
    const board = this.board();
    const present = this.presence.byId();
    const me = this.auth.user()?.id;
    const rows = board.members.map((member): MemberRow => {
      const name = member.displayName || member.username;
      const status: MemberRow['status'] = present.get(member.id)?.status ?? 'offline';
      return {
        id: member.id,
        user: member,
        name,
        initial: initialOf(name),
        color: userColor(member.id),
        status,
        statusLabel:
          status === 'offline' ? STATUS_LABELS.offline : $localize`:@@presence.hereNow:${STATUS_LABELS[status]}:status: · here now`,
        owner: member.id === board.ownerId,
        me: member.id === me,
        action: memberAction(member.id, me, board.ownerId),
        followable: this.viewport !== null && status !== 'offline' && member.id !== me,
        following: this.viewport?.leaderId() === member.id,
      };
    });
    // People here now first, then the rest by name.
    return rows.sort(
      (a, b) => Number(a.status === 'offline') - Number(b.status === 'offline') || a.name.localeCompare(b.name, this.locale),
    );
  });
  protected readonly hereCount = computed(() => this.members().filter((member) => member.status !== 'offline').length);

  constructor() {
    effect(() => {
      const id = this.board().id;
      untracked(() => this.presence.open(id));
    });
  }

  protected follow(user: { id: string; followable: boolean; following: boolean }): void {
    if (!user.followable) {
      return;
    }
    if (user.following) {
      this.viewport?.stop();
    } else {
      this.viewport?.follow(user.id);
    }
  }

  protected followLabel(member: MemberRow): string {
    return member.following
      ? $localize`:@@presence.member.stopFollowingLabel:Stop following ${member.name}:name:’s view`
      : $localize`:@@presence.member.followLabel:Follow ${member.name}:name:’s view`;
  }

  /** The first click asks (the label ends in "…"); the confirm step says exactly what happens. */
  protected actionLabel(member: MemberRow, confirming: boolean): string {
    if (member.action === 'leave') {
      return confirming
        ? $localize`:@@presence.member.leaveConfirm:Leave this board`
        : $localize`:@@presence.member.leaveAsk:Leave this board…`;
    }
    return confirming
      ? $localize`:@@presence.member.removeConfirm:Remove ${member.name}:name: from this board`
      : $localize`:@@presence.member.removeAsk:Remove ${member.name}:name:…`;
  }

  protected toggleMembers(): void {
    this.membersOpen.update((open) => !open);
    this.confirming.set(null);
  }

  protected confirm(member: MemberRow): void {
    this.confirming.set(null);
    if (member.action === 'leave') {
      this.leave.emit();
    } else if (member.action === 'remove') {
      this.removeMember.emit(member.id);
    }
  }

  protected closeMembers(focusButton = false): void {
    if (!this.membersOpen()) {
      return;
    }
    this.membersOpen.set(false);
    this.confirming.set(null);
    if (focusButton) {
      this.host.querySelector<HTMLElement>('.members-button')?.focus();
    }
  }

  protected closeMembersOnOutsidePointer(event: PointerEvent): void {
    if (this.membersOpen() && !this.host.contains(event.target as Node)) {
      this.membersOpen.set(false);
    }
  }
}

function avatarLabel(user: { name: string; detail: string; followable: boolean; following: boolean }): string {
  if (user.following) {
    return $localize`:@@presence.avatar.following:${user.name}:name:, ${user.detail}:detail:. Following: press Enter to stop`;
  }
  if (user.followable) {
    return $localize`:@@presence.avatar.followable:${user.name}:name:, ${user.detail}:detail:. Press Enter to follow their view`;
  }
  return $localize`:@@presence.avatar.label:${user.name}:name:, ${user.detail}:detail:`;
}

/** The owner can remove anyone but themselves (they delete the board instead); a member can only leave. */
function memberAction(memberId: string, me: string | undefined, ownerId: string): MemberRow['action'] {
  if (me === undefined) {
    return null;
  }
  if (me === ownerId) {
    return memberId === me ? null : 'remove';
  }
  return memberId === me ? 'leave' : null;
}
