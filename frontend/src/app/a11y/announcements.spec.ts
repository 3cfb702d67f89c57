import { joinedText, leftText, messagesText } from './announcements';

describe('announcement texts', () => {
  it('reads a single message with its author', () => {
    expect(messagesText([{ author: 'Ben', text: 'hello' }], 'en')).toBe('Ben: hello');
    expect(messagesText([{ author: 'Ben', text: '' }], 'en')).toBe('New message from Ben');
    expect(messagesText([{ author: '', text: 'hi' }], 'en')).toBe('Someone: hi');
  });

  it('summarises several messages by their count, in the locale’s digits', () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ author: 'Ben', text: String(i) }));
    expect(messagesText(five, 'en')).toBe('5 new messages');
    expect(messagesText(five, 'ar-EG')).toBe('٥ new messages');
  });

  it('names one person joining or leaving, and counts several', () => {
    expect(joinedText(['Ann'], 'en')).toBe('Ann joined the board');
    expect(joinedText(['Ann', 'Ben', 'Cy'], 'en')).toBe('3 people joined the board');
    expect(leftText(['Ann'], 'en')).toBe('Ann left the board');
    expect(leftText(['Ann', 'Ben'], 'en')).toBe('2 people left the board');
  });
});
