import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { EncryptedAttachmentRef } from '@contracts/encryption';

import { shownFromEncrypted } from './attachment-view';
import { type SealedFile, sealFile } from './file-cipher';
import { MessageAttachments } from './message-attachments';

const bytes = (text: string): ArrayBuffer => new TextEncoder().encode(text).buffer;
/** A copy in this realm's ArrayBuffer, which HttpClient's testing backend insists on (WebCrypto answers in Node's). */
const served = (buffer: ArrayBuffer): ArrayBuffer => Uint8Array.from(new Uint8Array(buffer)).buffer;

describe('MessageAttachments: encrypted files', () => {
  let fixture: ComponentFixture<MessageAttachments>;
  let http: HttpTestingController;
  let root: HTMLElement;
  let created: Blob[];
  let revoked: string[];
  // The test DOM has no object URLs: they are recorded instead.
  const originals = ['createObjectURL', 'revokeObjectURL'].map((name) => [name, Object.getOwnPropertyDescriptor(URL, name)] as const);

  function ref(sealed: SealedFile, changes: Partial<EncryptedAttachmentRef> = {}): EncryptedAttachmentRef {
    return { id: 'f1', name: 'holiday.jpg', mime: 'image/jpeg', size: 18, ...sealed.cipher, ...changes };
  }

  async function show(attachment: EncryptedAttachmentRef): Promise<void> {
    fixture = TestBed.createComponent(MessageAttachments);
    fixture.componentRef.setInput('attachments', [shownFromEncrypted(attachment)]);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  beforeEach(() => {
    created = [];
    revoked = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return `blob:test/${created.length}`;
    });
    URL.revokeObjectURL = vi.fn((url: string) => void revoked.push(url));
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    for (const [name, descriptor] of originals) {
      if (descriptor) {
        Object.defineProperty(URL, name, descriptor);
      } else {
        Reflect.deleteProperty(URL, name);
      }
    }
    http.verify();
  });

  it('decrypts an image’s thumbnail into an object URL, sized from the start, and revokes it when gone', async () => {
    const sealed = await sealFile(bytes('full size jpeg'), bytes('small webp'));
    await show(ref(sealed, { thumbnail: { id: 't1', iv: sealed.thumbnail!.iv, width: 320, height: 240 } }));

    const placeholder = root.querySelector<HTMLElement>('.placeholder')!;
    expect(placeholder.style.aspectRatio).toBe('320 / 240');
    http.expectOne('/api/attachments/t1').flush(served(sealed.thumbnail!.ciphertext));
    await vi.waitFor(() => {
      fixture.detectChanges();
      expect(root.querySelector<HTMLImageElement>('[data-testid="chat-thumbnail"]')?.getAttribute('src')).toBe('blob:test/1');
    });
    const thumbnail = root.querySelector<HTMLImageElement>('[data-testid="chat-thumbnail"]')!;
    expect([thumbnail.alt, thumbnail.getAttribute('width'), thumbnail.getAttribute('height')]).toEqual(['holiday.jpg', '320', '240']);

    fixture.destroy();
    expect(revoked).toEqual(['blob:test/1']);
  });

  it('downloads a file by decrypting it and saving it under its own name', async () => {
    const sealed = await sealFile(bytes('quarterly numbers'));
    await show(ref(sealed, { name: 'q3.csv', mime: 'text/csv' }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const download = root.querySelector<HTMLButtonElement>('[data-testid="chat-attachment-download"]')!;
    expect(download.tagName).toBe('BUTTON');

    download.click();
    http.expectOne('/api/attachments/f1').flush(served(sealed.ciphertext));
    await vi.waitFor(() => expect(click).toHaveBeenCalled());
    const link = click.mock.contexts[0] as HTMLAnchorElement;
    expect(link.download).toBe('q3.csv');
    expect(created[0].type).toBe('text/csv');
    click.mockRestore();
  });

  it('refuses a file whose bytes are not the ones the sender hashed', async () => {
    const sealed = await sealFile(bytes('the real file'));
    const forged = await sealFile(bytes('another file'));
    await show(ref(sealed, { name: 'a.txt', sha256: forged.cipher.sha256 }));

    root.querySelector<HTMLButtonElement>('[data-testid="chat-attachment-download"]')!.click();
    http.expectOne('/api/attachments/f1').flush(served(sealed.ciphertext));
    await vi.waitFor(() => {
      fixture.detectChanges();
      expect(root.querySelector('[role="alert"]')?.textContent).toContain('damaged or was changed');
    });
    expect(created).toEqual([]);
  });
});
