import { MAX_MESSAGE_LENGTH } from '../../../contracts/chat';
import { InvalidInputError } from '../common/domain-error';
import type { MessageInput } from './chat.service';

/** Board rooms and unencrypted conversations: text, attachments, or both — never neither. */
export function assertPlainMessageBody(input: MessageInput): void {
  if ((input.content ?? '') === '' && (input.attachmentIds ?? []).length === 0) {
    throw new InvalidInputError(`content must be 1 to ${MAX_MESSAGE_LENGTH} characters after trimming, unless the message has attachments`);
  }
}
