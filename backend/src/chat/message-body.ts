import type { PostMessageRequest } from '../../../contracts/chat';
import { EncryptedRefusedError, MentionsRefusedError, MessageBodyRequiredError, PlaintextRefusedError } from './chat.errors';

/** Board rooms and unencrypted conversations: plain text, mentions taken from it. */
export function assertPlainBody(input: PostMessageRequest): void {
  if (input.encrypted !== undefined) {
    throw new EncryptedRefusedError();
  }
  if (input.mentions !== undefined) {
    throw new MentionsRefusedError();
  }
  if (input.content === undefined) {
    throw new MessageBodyRequiredError('content');
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
