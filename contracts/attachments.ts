// Files in chat: uploaded first, then referenced by a message. Events carry this metadata, never bytes.

/** POST /api/attachments answer, and each entry of a message's `attachments`. */
export interface Attachment {
  id: string;
  /** The uploaded file name, cleaned (no path, no control characters); "encrypted" for encrypted conversations. */
  name: string;
  /** Bytes as stored (ciphertext size for encrypted ones). */
  size: number;
  /** Sniffed from the content, never taken from the client; application/octet-stream for encrypted ones. */
  mime: string;
  /** hex SHA-256 of the stored bytes. */
  sha256: string;
  /** Board rooms: the server made a thumbnail, served by GET /api/attachments/:id/thumbnail. */
  thumbnail?: { width: number; height: number };
  /** Encrypted conversations: opaque bytes; the real name, type and thumbnail are inside the message's ciphertext. */
  encrypted?: boolean;
}

/**
 * Query of POST /api/attachments (the body is multipart with one `file` part): in the URL, so
 * membership is checked before a byte of the body is read.
 */
export interface UploadAttachmentQuery {
  /** The room the file is for: `board:<id>` or `conversation:<id>` (membership is checked, and again on download). */
  room: string;
  /** "true" for an encrypted conversation's ciphertext (required there, refused elsewhere). */
  encrypted?: 'true' | 'false';
}

/** A message may carry at most this many attachments (an encrypted image counts twice: file and thumbnail). */
export const MAX_ATTACHMENTS_PER_MESSAGE = 10;
/** Image types a browser may show inline from our origin; every other type downloads. */
export const INLINE_IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
