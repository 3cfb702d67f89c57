import { randomUUID } from 'node:crypto';
import { InvalidInputError } from '../common/domain-error';
import type { EncryptedContent } from '../../../contracts/encryption';
import { assertEncryptedBody, assertPlainBody } from './message-body';

const encrypted: EncryptedContent = {
  keyId: 'k'.repeat(16),
  senderDeviceId: 'd'.repeat(16),
  iv: 'AAAAAAAAAAAAAAAA',
  ciphertext: 'x',
  signature: 's',
};

describe('what each room takes as a message body', () => {
  it('takes plain text, without ciphertext or explicit mentions, in board rooms and plaintext conversations', () => {
    expect(() => assertPlainBody({ content: 'hi' })).not.toThrow();
    expect(() => assertPlainBody({})).toThrow(/unless the message has attachments/);
    expect(() => assertPlainBody({ content: '' })).toThrow(/unless the message has attachments/);
    expect(() => assertPlainBody({ content: '', attachmentIds: [randomUUID()] })).not.toThrow();
    expect(() => assertPlainBody({ content: 'hi', encrypted })).toThrow(/not end-to-end encrypted/);
    expect(() => assertPlainBody({ content: 'hi', mentions: [randomUUID()] })).toThrow(/mentions/);
  });

  it('takes ciphertext only in encrypted conversations', () => {
    expect(() => assertEncryptedBody({ encrypted, mentions: [randomUUID()] })).not.toThrow();
    expect(() => assertEncryptedBody({ content: 'hi', encrypted })).toThrow(
      'this conversation is end-to-end encrypted: send `encrypted`, not `content`',
    );
    expect(() => assertEncryptedBody({})).toThrow('encrypted is required');
  });
});

describe('a plain message body', () => {
  it('takes text, attachments or both', () => {
    expect(() => assertPlainBody({ content: 'hi' })).not.toThrow();
    expect(() => assertPlainBody({ content: '', attachmentIds: ['a'] })).not.toThrow();
    expect(() => assertPlainBody({ attachmentIds: ['a'] })).not.toThrow();
  });

  it('refuses a message with neither', () => {
    expect(() => assertPlainBody({})).toThrow(InvalidInputError);
    expect(() => assertPlainBody({ content: '', attachmentIds: [] })).toThrow(/unless the message has attachments/);
  });
});
