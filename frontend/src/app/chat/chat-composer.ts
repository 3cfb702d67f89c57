import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  LOCALE_ID,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';

import type { PublicUser } from '@contracts/api';
import { MAX_ATTACHMENTS_PER_MESSAGE } from '@contracts/attachments';
import type { RoomChannel } from '@contracts/channels';
import { MAX_MESSAGE_LENGTH } from '@contracts/chat';

import { formatInteger } from '../i18n/format';
import { AttachmentUploads, type Upload, attachmentLimitLabel } from './attachment-uploads';
import type { OutgoingAttachment } from './chat-state';
import { fileSize } from './file-size';
import { type ActiveMention, activeMention, completeMention, suggestMembers } from './mentions';

/** What the composer hands over: text, files uploaded for it, or both. */
export interface ComposedMessage {
  readonly text: string;
  readonly attachments: readonly OutgoingAttachment[];
}

/** Remaining characters are shown from here on. */
const COUNTER_FROM = MAX_MESSAGE_LENGTH - 400;
let nextId = 0;

/**
 * The message field: Enter sends, Shift+Enter breaks the line, `@` suggests members
 * (arrows choose, Enter/Tab/click insert, Escape closes). Files (the attach button, pasted
 * images, or dropped on the room through addFiles) upload at once; the message goes once they have.
 */
@Component({
  selector: 'cb-chat-composer',
  templateUrl: './chat-composer.html',
  styleUrl: './chat-composer.css',
  providers: [AttachmentUploads],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChatComposer {
  protected readonly files = inject(AttachmentUploads);
  private readonly locale = inject(LOCALE_ID);

  readonly members = input<readonly PublicUser[]>([]);
  /** The writer, never suggested. */
  readonly meId = input('');
  readonly placeholder = input($localize`:@@chat.composer.placeholder:Write a message…`);
  /** Where files are uploaded to; none can be attached without a room. */
  readonly room = input<RoomChannel | null>(null);
  /** An encrypted conversation: files are encrypted here before upload. */
  readonly encrypted = input(false);
  readonly sent = output<ComposedMessage>();
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
  private readonly limitLabel = attachmentLimitLabel(this.locale);
  protected readonly attachLabel = $localize`:@@chat.composer.attachLabel:Attach files (up to ${this.limitLabel}:limit: each, ${formatInteger(
    MAX_ATTACHMENTS_PER_MESSAGE,
    this.locale,
  )}:count: per message)`;
  protected readonly attachTitle = $localize`:@@chat.composer.attachTitle:Attach files (up to ${this.limitLabel}:limit: each)`;
  protected readonly sendTitle = $localize`:@@chat.composer.sendTitle:Send (Enter)`;
  /** Why a file was left out, until the next pick. */
  protected readonly fileNotice = signal<string | null>(null);
  private readonly failedFiles = computed(() => this.files.uploads().some((upload) => upload.state === 'failed'));
  protected readonly canSend = computed(
    () => this.files.settled() && !this.failedFiles() && (this.text().trim().length > 0 || this.files.ready().length > 0),
  );
  /** Said beside the send button while it waits for files. */
  protected readonly sendHint = computed(() => {
    if (!this.files.settled()) {
      return $localize`:@@chat.composer.waitForFiles:Sending is possible once the files are uploaded.`;
    }
    return this.failedFiles() ? $localize`:@@chat.composer.removeFailed:Remove the files that could not be uploaded to send.` : null;
  });
  protected readonly remaining = computed(() => {
    const length = this.text().length;
    return length >= COUNTER_FROM ? MAX_MESSAGE_LENGTH - length : null;
  });
  protected readonly remainingText = computed(() => formatInteger(this.remaining() ?? 0, this.locale));

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
    this.files.clear();
    this.fileNotice.set(null);
  }

  /** Files picked, pasted or dropped: each starts uploading. */
  addFiles(files: readonly File[]): void {
    const room = this.room();
    if (files.length === 0 || !room) {
      return;
    }
    const fitted = this.files.add(files, room, this.encrypted());
    const max = formatInteger(MAX_ATTACHMENTS_PER_MESSAGE, this.locale);
    this.fileNotice.set(
      fitted ? null : $localize`:@@chat.composer.tooManyFiles:A message carries at most ${max}:max: files; the rest were left out.`,
    );
  }

  protected pickFiles(picker: HTMLInputElement): void {
    this.addFiles(Array.from(picker.files ?? []));
    // The same file picked again must fire `change` again.
    picker.value = '';
  }

  /** Pasted images become files; pasted text stays text. */
  protected pasteFiles(event: ClipboardEvent): void {
    const images = Array.from(event.clipboardData?.files ?? []).filter((file) => file.type.startsWith('image/'));
    if (images.length > 0 && this.room()) {
      event.preventDefault();
      this.addFiles(images);
    }
  }

  protected progress(loaded: number, total: number): number {
    return total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0;
  }

  /** "42%", "42 %", "٤٢٪": the locale's own percent. */
  protected percent(loaded: number, total: number): string {
    return new Intl.NumberFormat(this.locale, { style: 'percent' }).format(this.progress(loaded, total) / 100);
  }

  protected size(bytes: number): string {
    return fileSize(bytes, this.locale);
  }

  protected uploadingLabel(name: string): string {
    return $localize`:@@chat.composer.uploading:Uploading ${name}:name:`;
  }

  protected removeLabel(upload: Upload): string {
    return upload.state === 'uploading' || upload.state === 'preparing'
      ? $localize`:@@chat.composer.cancelUpload:Cancel ${upload.name}:name:`
      : $localize`:@@chat.composer.removeUpload:Remove ${upload.name}:name:`;
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
    if (!this.canSend()) {
      return;
    }
    this.sent.emit({ text: content, attachments: this.files.ready() });
    this.files.clear();
    this.fileNotice.set(null);
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
