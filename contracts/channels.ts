// Channel names, built and parsed in one place for the backend and the Angular app.
// A ChannelName is branded, so a hand-built string cannot reach the bus or the stream
// by accident: the only ways in are the builders below and parseChannel().

declare const channelBrand: unique symbol;

/** Channel kinds a client may follow on a stream. */
export type PublicChannelKind = 'user' | 'board' | 'conversation';
/** `system` channels carry pod-to-pod notices and are never sent to a client. */
export type ChannelKind = PublicChannelKind | 'system';

export type ChannelName<K extends ChannelKind = PublicChannelKind> = `${K}:${string}` & {
  readonly [channelBrand]: K;
};

/** A chat room is a board's room or a conversation: its channel name. */
export type RoomChannel = ChannelName<'board' | 'conversation'>;

/** What follows the colon: the ids our services generate (UUIDs, slugs), never a separator. */
export const CHANNEL_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const CHANNEL_NAME_PATTERN = /^([a-z]+):([A-Za-z0-9_-]{1,64})$/;
const PUBLIC_KINDS: readonly PublicChannelKind[] = ['user', 'board', 'conversation'];

const build =
  <K extends ChannelKind>(kind: K) =>
  (id: string): ChannelName<K> =>
    `${kind}:${id}` as ChannelName<K>;

export const userChannel = build('user');
export const boardChannel = build('board');
export const conversationChannel = build('conversation');
export const systemChannel = build('system');

export interface ParsedChannel<K extends ChannelKind = ChannelKind> {
  kind: K;
  id: string;
  channel: ChannelName<K>;
}

/** A client-supplied name, checked: undefined unless it is `<public kind>:<id>`. */
export function parseChannel(name: string): ParsedChannel<PublicChannelKind> | undefined {
  const match = CHANNEL_NAME_PATTERN.exec(name);
  if (!match || !isPublicKind(match[1])) {
    return undefined;
  }
  return { kind: match[1], id: match[2], channel: name as ChannelName<PublicChannelKind> };
}

/** A room id as it arrives in a request or an event: a board or conversation channel. */
export function parseRoom(name: string): ParsedChannel<'board' | 'conversation'> | undefined {
  const parsed = parseChannel(name);
  if (parsed === undefined || parsed.kind === 'user') {
    return undefined;
  }
  return { kind: parsed.kind, id: parsed.id, channel: parsed.channel as RoomChannel };
}

/** The id after the colon of a channel of a known kind. */
export function channelId(channel: ChannelName<ChannelKind>): string {
  return channel.slice(channel.indexOf(':') + 1);
}

export function isChannelOfKind<K extends ChannelKind>(channel: string, kind: K): channel is ChannelName<K> {
  return channel.startsWith(`${kind}:`);
}

function isPublicKind(kind: string): kind is PublicChannelKind {
  return (PUBLIC_KINDS as readonly string[]).includes(kind);
}
