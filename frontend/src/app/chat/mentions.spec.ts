import { describe, expect, it } from 'vitest';

import { activeMention, completeMention, mentionSegments, suggestMembers } from './mentions';

const members = [
  { id: 'u1', username: 'alice', displayName: 'Alice Liddell' },
  { id: 'u2', username: 'bob', displayName: 'Bob Stone' },
  { id: 'u3', username: 'bobby.t', displayName: 'Roberta Tables' },
  { id: 'u4', username: 'carol', displayName: 'Carol Bobbins' },
];
const usernames = new Set(members.map((member) => member.username));

describe('mentionSegments', () => {
  it('splits text into plain runs and mentions of members, marking the reader', () => {
    expect(mentionSegments('hi @bob and @Alice, see this', usernames, 'alice')).toEqual([
      { text: 'hi ' },
      { text: '@bob', mention: 'member' },
      { text: ' and ' },
      { text: '@Alice', mention: 'me' },
      { text: ', see this' },
    ]);
  });

  it('leaves unknown names, e-mail addresses and too-short names as text', () => {
    expect(mentionSegments('mail bob@bob.com or @zed or @al', usernames)).toEqual([{ text: 'mail bob@bob.com or @zed or @al' }]);
  });

  it('ends a name before the punctuation that ends a sentence, unless a member’s name ends that way', () => {
    expect(mentionSegments('@bob. @bobby.t!', usernames)).toEqual([
      { text: '@bob', mention: 'member' },
      { text: '. ' },
      { text: '@bobby.t', mention: 'member' },
      { text: '!' },
    ]);
    expect(mentionSegments('thanks @bob.', new Set(['bob', 'bob.']))).toEqual([{ text: 'thanks ' }, { text: '@bob.', mention: 'member' }]);
  });

  it('keeps markup as text: segments are rendered with interpolation, never as HTML', () => {
    expect(mentionSegments('<img src=x onerror=alert(1)> @carol', usernames)).toEqual([
      { text: '<img src=x onerror=alert(1)> ' },
      { text: '@carol', mention: 'member' },
    ]);
  });

  it('returns one empty segment for empty text', () => {
    expect(mentionSegments('', usernames)).toEqual([{ text: '' }]);
  });
});

describe('activeMention', () => {
  it('finds the @name being typed at the caret', () => {
    expect(activeMention('hello @Bo', 9)).toEqual({ start: 6, query: 'bo' });
    expect(activeMention('@', 1)).toEqual({ start: 0, query: '' });
    expect(activeMention('hello @bob there', 10)).toEqual({ start: 6, query: 'bob' });
  });

  it('finds nothing after a space, inside a word or with no @', () => {
    expect(activeMention('hello @bob ', 11)).toBeNull();
    expect(activeMention('mail me@ho', 10)).toBeNull();
    expect(activeMention('hello', 5)).toBeNull();
  });
});

describe('suggestMembers', () => {
  it('lists username matches first, then display-name words, never the writer', () => {
    expect(suggestMembers(members, 'bob', 'u1').map((member) => member.username)).toEqual(['bob', 'bobby.t', 'carol']);
    expect(suggestMembers(members, '', 'u1').map((member) => member.username)).toEqual(['bob', 'bobby.t', 'carol']);
    expect(suggestMembers(members, 'ROB').map((member) => member.username)).toEqual(['bobby.t']);
    expect(suggestMembers(members, 'zz')).toEqual([]);
  });
});

describe('completeMention', () => {
  it('replaces the typed part with the username and a space, caret after it', () => {
    expect(completeMention('hi @bo', { start: 3, query: 'bo' }, 6, 'bobby.t')).toEqual({ text: 'hi @bobby.t ', caret: 12 });
  });

  it('reuses a following space and keeps the rest of the text', () => {
    expect(completeMention('hi @b there', { start: 3, query: 'b' }, 5, 'bob')).toEqual({ text: 'hi @bob there', caret: 8 });
  });
});
