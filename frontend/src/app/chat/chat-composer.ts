import { ChangeDetectionStrategy, Component, type ElementRef, computed, input, output, signal, viewChild } from '@angular/core';

import type { PublicUser } from '@contracts/api';
import { MAX_MESSAGE_LENGTH } from '@contracts/chat';

import { type ActiveMention, activeMention, completeMention, suggestMembers } from './mentions';

/** Remaining characters are shown from here on. */
const COUNTER_FROM = MAX_MESSAGE_LENGTH - 400;
let nextId = 0;

/**
 * The message field: Enter sends, Shift+Enter breaks the line, `@` suggests members
 * (arrows choose, Enter/Tab/click insert, Escape closes).
 */
@Component({
  selector: 'cb-chat-composer',
  templateUrl: './chat-composer.html',
  styleUrl: './chat-composer.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChatComposer {
  readonly members = input<readonly PublicUser[]>([]);
  /** The writer, never suggested. */
  readonly meId = input('');
  readonly placeholder = input('Write a message…');
  readonly sent = output<string>();
  /** The user changed the text (for typing notices). */
  readonly typed = output<void>();
  /** The text as it stands after each change by the user ('' once sent): the room's draft. */
  readonly drafted = output<string>();

  private readonly field = viewChild.required<ElementRef<HTMLTextAreaElement>>('field');

  protected readonly id = `composer-${nextId++}`;
  protected readonly maxLength = MAX_MESSAGE_LENGTH;
  protected readonly text = signal('');
  protected readonly mention = signal<ActiveMention | null>(null);
  protected readonly highlighted = signal(0);
  protected readonly suggestions = computed(() => {
    const mention = this.mention();
    return mention ? suggestMembers(this.members(), mention.query, this.meId()) : [];
  });
  protected readonly canSend = computed(() => this.text().trim().length > 0);
  protected readonly remaining = computed(() => {
    const length = this.text().length;
    return length >= COUNTER_FROM ? MAX_MESSAGE_LENGTH - length : null;
  });

  focus(): void {
    this.field().nativeElement.focus();
  }

  /** Shows a saved draft, unless the user has started writing meanwhile. */
  restoreDraft(text: string): void {
    if (!this.text()) {
      this.text.set(text);
    }
  }

  /** Empties the field for another room. */
  clear(): void {
    this.text.set('');
    this.mention.set(null);
  }

  protected updateText(field: HTMLTextAreaElement): void {
    this.text.set(field.value);
    this.drafted.emit(field.value);
    this.findMention(field);
    if (field.value.trim()) {
      this.typed.emit();
    }
  }

  protected handleComposerKey(event: KeyboardEvent): void {
    // An input method is composing a character: its Enter is not ours.
    if (event.isComposing) {
      return;
    }
    const suggestions = this.suggestions();
    if (suggestions.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.highlighted.update((index) => (index + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        this.choose(suggestions[Math.min(this.highlighted(), suggestions.length - 1)]);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        this.mention.set(null);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      this.submit();
    }
  }

  /** The caret moved without typing (click, arrows): the mention under it may have changed. */
  protected findMentionAtCaret(field: HTMLTextAreaElement, event?: KeyboardEvent): void {
    if (!event || ['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) {
      this.findMention(field);
    }
  }

  protected choose(member: PublicUser): void {
    const field = this.field().nativeElement;
    const mention = this.mention();
    if (!mention) {
      return;
    }
    const completed = completeMention(field.value, mention, field.selectionStart ?? field.value.length, member.username);
    field.value = completed.text;
    this.text.set(completed.text);
    this.drafted.emit(completed.text);
    field.focus();
    field.setSelectionRange(completed.caret, completed.caret);
    this.mention.set(null);
  }

  protected submit(event?: Event): void {
    event?.preventDefault();
    const content = this.text().trim();
    if (!content) {
      return;
    }
    this.sent.emit(content);
    this.drafted.emit('');
    this.text.set('');
    this.mention.set(null);
    this.field().nativeElement.value = '';
  }

  protected optionId(index: number): string {
    return `${this.id}-option-${index}`;
  }

  private findMention(field: HTMLTextAreaElement): void {
    const mention = activeMention(field.value, field.selectionStart ?? field.value.length);
    if (mention?.query !== this.mention()?.query || mention?.start !== this.mention()?.start) {
      this.highlighted.set(0);
    }
    this.mention.set(mention);
  }
}
