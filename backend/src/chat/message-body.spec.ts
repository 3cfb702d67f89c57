import { InvalidInputError } from '../common/domain-error';
import { assertPlainMessageBody } from './message-body';

describe('assertPlainMessageBody', () => {
  it('takes text, attachments or both', () => {
    expect(() => assertPlainMessageBody({ content: 'hi' })).not.toThrow();
    expect(() => assertPlainMessageBody({ content: '', attachmentIds: ['a'] })).not.toThrow();
    expect(() => assertPlainMessageBody({ attachmentIds: ['a'] })).not.toThrow();
  });

  it('refuses a message with neither', () => {
    expect(() => assertPlainMessageBody({})).toThrow(InvalidInputError);
    expect(() => assertPlainMessageBody({ content: '', attachmentIds: [] })).toThrow(/unless the message has attachments/);
  });
});
