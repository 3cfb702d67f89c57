import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { mentionSegments } from './mentions';

/**
 * A message's plain text with @mentions of members highlighted. Every run is rendered by
 * interpolation, so user text can never become markup.
 */
@Component({
  selector: 'cb-message-text',
  // User text is in any language, whatever the app's: its own first strong letter sets its direction.
  host: { dir: 'auto' },
  // One line on purpose: whitespace between the blocks would show up in the message
  // (white-space: pre-wrap), so Prettier must not spread it over lines.
  // prettier-ignore
  template: `@for (segment of segments(); track $index) {@if (segment.mention) {<span class="mention" [class.me]="segment.mention === 'me'">{{ segment.text }}</span>} @else {{{ segment.text }}}}`,
  styles: `
    :host {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .mention {
      padding: 0 0.125rem;
      font-weight: 600;
      color: var(--accent-strong);
      /* Set by containers whose own background is the accent tint. */
      background: var(--mention-bg, var(--accent-soft));
      border-radius: 4px;
    }
    .mention.me {
      color: #93370d;
      background: #fef0c7;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageText {
  readonly text = input.required<string>();
  /** Lower-case usernames of the room's members: only they are mentions. */
  readonly usernames = input<ReadonlySet<string>>(new Set());
  /** The reader's username, whose mentions stand out. */
  readonly me = input<string | undefined>(undefined);

  protected readonly segments = computed(() => mentionSegments(this.text(), this.usernames(), this.me()));
}
