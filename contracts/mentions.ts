// @mentions in chat text (runtime code, pure), shared so that what the app highlights is
// exactly who the server notifies.

/** An @ not glued to a word, then what may be a username (a-z 0-9 _ . -, as registration allows). */
const MENTION = /(^|[^A-Za-z0-9_.-])@([a-z0-9_.-]{3,32})/gi;
const TRAILING_PUNCTUATION = /[._-]$/;
const MIN_USERNAME = 3;

export interface Mention {
  /** Index of the @. */
  start: number;
  /** Index just after the username. */
  end: number;
  /** Lower-cased, as usernames are stored. */
  username: string;
}

/**
 * The mentions of known users in `content`. Usernames may end in `.`, `_` or `-`, so
 * "thanks @bob." names a user "bob." if there is one, and otherwise bob: punctuation that
 * ends a sentence is not part of the name.
 */
export function findMentions(content: string, isKnown: (username: string) => boolean): Mention[] {
  const mentions: Mention[] = [];
  for (const match of content.matchAll(MENTION)) {
    let username = match[2].toLowerCase();
    while (!isKnown(username) && TRAILING_PUNCTUATION.test(username) && username.length > MIN_USERNAME) {
      username = username.slice(0, -1);
    }
    if (!isKnown(username)) {
      continue;
    }
    const start = (match.index ?? 0) + match[1].length;
    mentions.push({ start, end: start + 1 + username.length, username });
  }
  return mentions;
}
