import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  LOCALE_ID,
  type OnInit,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { INLINE_IMAGE_TYPES } from '@contracts/attachments';

import { errorMessages } from '../core/api-error';
import { AttachmentApi, attachmentUrl, thumbnailUrl } from './attachment-api';
import type { ShownAttachment } from './attachment-view';
import { FileIntegrityError, openFile, openThumbnail } from './file-cipher';
import { fileSize } from './file-size';

/**
 * An encrypted image's preview: fetched, decrypted here and shown from an object URL (revoked
 * with the component). The box has the thumbnail's size from the start, so the list doesn't jump.
 */
@Component({
  selector: 'cb-encrypted-image',
  template: `
    @if (url(); as src) {
      <img class="thumbnail" data-testid="chat-thumbnail" [src]="src" [width]="width()" [height]="height()" [alt]="alt()" />
    } @else {
      <span
        class="thumbnail placeholder"
        role="img"
        [attr.aria-label]="placeholderLabel()"
        [style.aspect-ratio]="width() + ' / ' + height()"
        [style.width.px]="width()"
      ></span>
    }
  `,
  styleUrl: './message-attachments.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EncryptedImage implements OnInit {
  private readonly api = inject(AttachmentApi);
  private readonly urls = inject(DOCUMENT).defaultView?.URL;

  readonly id = input.required<string>();
  readonly key = input.required<string>();
  readonly iv = input.required<string>();
  readonly width = input.required<number>();
  readonly height = input.required<number>();
  readonly alt = input.required<string>();

  protected readonly url = signal<string | null>(null);
  protected readonly failed = signal(false);
  protected readonly placeholderLabel = computed(() =>
    this.failed()
      ? $localize`:@@chat.attachments.previewUnavailable:${this.alt()}:name: (preview unavailable)`
      : $localize`:@@chat.attachments.previewLoading:${this.alt()}:name: (loading)`,
  );
  private destroyed = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      const url = this.url();
      if (url) {
        this.urls?.revokeObjectURL(url);
      }
    });
  }

  ngOnInit(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const ciphertext = await firstValueFrom(this.api.bytes(this.id()));
      const plaintext = await openThumbnail(this.key(), this.iv(), ciphertext);
      if (!this.destroyed && this.urls) {
        this.url.set(this.urls.createObjectURL(new Blob([plaintext])));
      }
    } catch {
      this.failed.set(true);
    }
  }
}

/** A message's files: previews of images, and a download for every file. Sealed messages pass none. */
@Component({
  selector: 'cb-message-attachments',
  imports: [EncryptedImage],
  templateUrl: './message-attachments.html',
  styleUrl: './message-attachments.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageAttachments {
  private readonly api = inject(AttachmentApi);
  private readonly document = inject(DOCUMENT);
  private readonly locale = inject(LOCALE_ID);

  readonly attachments = input.required<readonly ShownAttachment[]>();

  protected readonly files = computed(() =>
    this.attachments().map((file) => ({
      file,
      size: fileSize(file.size, this.locale),
      // The server only makes thumbnails of image types it may show inline; an encrypted one was made here.
      image: file.thumbnail !== null && (file.cipher !== null || INLINE_IMAGE_TYPES.includes(file.mime)),
    })),
  );
  /** Per encrypted file being fetched and decrypted, or why it could not be. */
  protected readonly busy = signal<ReadonlySet<string>>(new Set());
  protected readonly problems = signal<ReadonlyMap<string, string>>(new Map());
  protected readonly attachmentUrl = attachmentUrl;
  protected readonly thumbnailUrl = thumbnailUrl;

  protected openLabel(name: string): string {
    return $localize`:@@chat.attachments.open:Open ${name}:name:`;
  }

  protected downloadLabel(name: string): string {
    return $localize`:@@chat.attachments.downloadFile:Download ${name}:name:`;
  }

  /** Encrypted files: download the ciphertext, decrypt, check its hash, save under its own name. */
  protected async saveEncrypted(file: ShownAttachment): Promise<void> {
    const cipher = file.cipher;
    if (!cipher || this.busy().has(file.id)) {
      return;
    }
    this.busy.update((busy) => new Set([...busy, file.id]));
    this.problems.update((problems) => without(problems, file.id));
    try {
      const plaintext = await openFile(cipher, await firstValueFrom(this.api.bytes(file.id)));
      this.save(new Blob([plaintext], { type: file.mime }), file.name);
    } catch (error) {
      const problem = error instanceof FileIntegrityError ? error.message : errorMessages(error)[0];
      this.problems.update((problems) => new Map([...problems, [file.id, problem]]));
    } finally {
      this.busy.update((busy) => new Set([...busy].filter((id) => id !== file.id)));
    }
  }

  private save(blob: Blob, name: string): void {
    const window = this.document.defaultView;
    if (!window) {
      return;
    }
    const url = window.URL.createObjectURL(blob);
    const link = this.document.createElement('a');
    link.href = url;
    link.download = name;
    link.rel = 'noopener';
    this.document.body.append(link);
    link.click();
    link.remove();
    // The browser has taken the download once click() returned; the URL can go after this task.
    window.setTimeout(() => window.URL.revokeObjectURL(url), 0);
  }
}

function without(problems: ReadonlyMap<string, string>, id: string): ReadonlyMap<string, string> {
  const next = new Map(problems);
  next.delete(id);
  return next;
}
