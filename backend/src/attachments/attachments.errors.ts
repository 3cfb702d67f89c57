import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  TooLargeError,
  UnsupportedMediaTypeError,
} from '../common/domain-error';

export class AttachmentNotFoundError extends NotFoundError {
  constructor() {
    super('Attachment not found', 'attachment_not_found');
  }
}

/** Also the answer for a guessed id of another room: it says nothing about that room. */
export class AttachmentForbiddenError extends ForbiddenError {
  constructor() {
    super('Only members of the attachment’s room can fetch it (and only its uploader before it is sent)', 'attachment_forbidden');
  }
}

export class FileTooLargeError extends TooLargeError {
  constructor(maxBytes: number) {
    super(`A file may be at most ${maxBytes} bytes`, 'file_too_large');
  }
}

export class QuotaExceededError extends TooLargeError {
  constructor(quotaBytes: number) {
    super(`Your attachment quota of ${quotaBytes} bytes is used up: delete messages with attachments to free space`, 'quota_exceeded');
  }
}

export class MimeMismatchError extends UnsupportedMediaTypeError {
  constructor(declared: string, sniffed: string) {
    super(`The file was sent as ${declared} but its content is ${sniffed}: refused`, 'mime_mismatch');
  }
}

export class UndecodableImageError extends UnsupportedMediaTypeError {
  constructor(mime: string) {
    super(`The file looks like ${mime} but cannot be decoded as an image`, 'undecodable_image');
  }
}

export class EncryptedUploadRequiredError extends InvalidInputError {
  constructor() {
    super('This conversation is end-to-end encrypted: upload with encrypted=true (ciphertext only)', 'encrypted_upload_required');
  }
}

export class EncryptedUploadRefusedError extends InvalidInputError {
  constructor() {
    super('encrypted=true is only for end-to-end encrypted conversations', 'encrypted_upload_refused');
  }
}

export class NoFilePartError extends InvalidInputError {
  constructor() {
    super('Send the file as multipart/form-data with one part named "file"', 'no_file_part');
  }
}

export class AttachmentNotUsableError extends InvalidInputError {
  constructor(id: string) {
    super(`Attachment ${id} does not exist or was not uploaded by you for this room`, 'attachment_not_usable');
  }
}

export class AttachmentAlreadySentError extends ConflictError {
  constructor(id: string) {
    super(`Attachment ${id} is already part of a message`, undefined, 'attachment_already_sent');
  }
}
