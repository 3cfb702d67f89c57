import type { Attachment } from '@contracts/attachments';
import type { EncryptedAttachmentRef } from '@contracts/encryption';

import type { OutgoingAttachment } from './chat-state';

/**
 * A file of a message as the app shows it, whether the server described it (board rooms,
 * unencrypted conversations) or the message's ciphertext did (encrypted conversations).
 */
export interface ShownAttachment {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly mime: string;
  /** null: no preview. `id` is an attachment whose bytes are the preview (itself for server thumbnails). */
  readonly thumbnail: { readonly id: string; readonly width: number; readonly height: number; readonly iv: string | null } | null;
  /** Encrypted conversations: how to decrypt the downloaded bytes. */
  readonly cipher: { readonly key: string; readonly iv: string; readonly sha256: string } | null;
}

export function shownFromServer(attachment: Attachment): ShownAttachment {
  return {
    id: attachment.id,
    name: attachment.name,
    size: attachment.size,
    mime: attachment.mime,
    thumbnail: attachment.thumbnail ? { id: attachment.id, ...attachment.thumbnail, iv: null } : null,
    cipher: null,
  };
}

export function shownFromEncrypted(ref: EncryptedAttachmentRef): ShownAttachment {
  return {
    id: ref.id,
    name: ref.name,
    size: ref.size,
    mime: ref.mime,
    thumbnail: ref.thumbnail ? { ...ref.thumbnail } : null,
    cipher: { key: ref.key, iv: ref.iv, sha256: ref.sha256 },
  };
}

export function shownFromOutgoing({ attachment, ref }: OutgoingAttachment): ShownAttachment {
  return ref ? shownFromEncrypted(ref) : shownFromServer(attachment);
}
