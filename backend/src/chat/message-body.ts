import { MAX_MESSAGE_LENGTH, type PostMessageRequest } from '../../../contracts/chat';
import { EncryptedRefusedError, MentionsRefusedError, MessageBodyRequiredError, PlaintextRefusedError } from './chat.errors';

/** Board rooms and unencrypted conversations: text, attachments, or both — never neither; mentions come from the text. */
export function assertPlainBody(input: PostMessageRequest): void {
  if (input.encrypted !== undefined) {
    throw new EncryptedRefusedError();
  }
  if (input.mentions !== undefined) {
    throw new MentionsRefusedError();
  }
  if ((input.content ?? '') === '' && (input.attachmentIds ?? []).length === 0) {
    throw new MessageBodyRequiredError(
      'content',
      `content must be 1 to ${MAX_MESSAGE_LENGTH} characters after trimming, unless the message has attachments`,
    );
  }
}

/** Encrypted conversations: ciphertext only; the server never takes the text. */
export function assertEncryptedBody(
  input: PostMessageRequest,
): asserts input is PostMessageRequest & Required<Pick<PostMessageRequest, 'encrypted'>> {
  if (input.content !== undefined) {
    throw new PlaintextRefusedError();
  }
  if (input.encrypted === undefined) {
    throw new MessageBodyRequiredError('encrypted');
  }
}
