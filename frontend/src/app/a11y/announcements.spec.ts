import { joinedText, leftText, messagesText, timerText, voteEndedText } from './announcements';

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

  it('says where a message is when the board chat is collapsed', () => {
    expect(messagesText([{ author: 'Ben', text: 'hello', where: 'boardChat' }], 'en')).toBe('Ben in the board chat: hello');
    expect(messagesText([{ author: 'Ben', text: ' ', where: 'boardChat' }], 'en')).toBe('New message from Ben in the board chat');
  });

  it('says how a vote ended: the leading note and its dots, or that nobody voted', () => {
    expect(voteEndedText({ note: 'Idea A', dots: 4 }, 6, 'en')).toBe('The vote has ended: “Idea A” leads with 4 dots');
    expect(voteEndedText({ note: 'Idea A', dots: 1 }, 1, 'en')).toBe('The vote has ended: “Idea A” leads with 1 dot');
    expect(voteEndedText({ note: 'Idea A', dots: 11 }, 11, 'ar-EG')).toBe('The vote has ended: “Idea A” leads with ١١ dots');
    expect(voteEndedText(null, 0, 'en')).toBe('The vote has ended: no dots were placed');
    expect(voteEndedText(null, 3, 'en')).toBe('The vote has ended');
  });

  it('says how the timer ended', () => {
    expect(timerText('up')).toBe('Time is up');
    expect(timerText('stopped')).toBe('The timer was stopped');
    expect(timerText('reset')).toBe('The timer was reset');
  });
});
