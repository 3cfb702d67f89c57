import { Injectable } from '@nestjs/common';
import { type ChannelName, parseChannel, type PublicChannelKind } from '../../../contracts/channels';
import type { AuthUser } from '../auth/auth-user';
import { ForbiddenError, InvalidInputError } from '../common/domain-error';

/** Decides whether a user may read one channel of a kind, given the id after the colon. */
export type ChannelAuthorizer = (user: AuthUser, id: string) => Promise<boolean> | boolean;

export const MAX_CHANNELS_PER_STREAM = 32;

/**
 * Each module registers who may read its channel kind (Notes: board members),
 * so the stream endpoint authorises every channel without knowing the modules.
 */
@Injectable()
export class ChannelRegistry {
  private readonly authorizers = new Map<PublicChannelKind, ChannelAuthorizer>();

  constructor() {
    this.register('user', (user, id) => user.id === id);
  }

  register(kind: PublicChannelKind, authorizer: ChannelAuthorizer): void {
    if (this.authorizers.has(kind)) {
      throw new Error(`Channel kind "${kind}" is registered twice`);
    }
    this.authorizers.set(kind, authorizer);
  }

  /**
   * 400 for malformed names or unknown kinds, 403 for channels the user may not read.
   * Resolves with the names, checked, in the order given.
   */
  async authorize(user: AuthUser, channels: readonly string[]): Promise<ChannelName[]> {
    if (channels.length > MAX_CHANNELS_PER_STREAM) {
      throw new InvalidInputError(`A stream can carry at most ${MAX_CHANNELS_PER_STREAM} channels`);
    }
    const parsed = channels.map((channel) => {
      const name = parseChannel(channel);
      const authorizer = name ? this.authorizers.get(name.kind) : undefined;
      if (!name || !authorizer) {
        throw new InvalidInputError(
          `"${channel.slice(0, 80)}" is not a channel name (expected kind:id with kind one of ${[...this.authorizers.keys()].join(', ')})`,
        );
      }
      return { channel: name.channel, id: name.id, authorizer };
    });
    const verdicts = await Promise.all(parsed.map(async ({ id, authorizer }) => authorizer(user, id)));
    const refused = parsed.filter((_, index) => !verdicts[index]).map(({ channel }) => channel);
    if (refused.length > 0) {
      throw new ForbiddenError(`Not allowed to read ${refused.join(', ')}`, 'channel_forbidden');
    }
    return parsed.map(({ channel }) => channel);
  }
}
