import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { ForbiddenError, InvalidInputError } from '../common/domain-error';

/** Decides whether a user may read one channel of a kind, given the id after the colon. */
export type ChannelAuthorizer = (user: AuthUser, id: string) => Promise<boolean> | boolean;

const CHANNEL_NAME = /^([a-z]+):([A-Za-z0-9_-]{1,64})$/;
export const MAX_CHANNELS_PER_STREAM = 32;

/**
 * Each module registers who may read its channel kind (Notes: board members),
 * so the stream endpoint authorises every channel without knowing the modules.
 */
@Injectable()
export class ChannelRegistry {
  private readonly authorizers = new Map<string, ChannelAuthorizer>();

  constructor() {
    this.register('user', (user, id) => user.id === id);
  }

  register(kind: string, authorizer: ChannelAuthorizer): void {
    if (this.authorizers.has(kind)) {
      throw new Error(`Channel kind "${kind}" is registered twice`);
    }
    this.authorizers.set(kind, authorizer);
  }

  /** 400 for malformed names or unknown kinds, 403 for channels the user may not read. */
  async authorize(user: AuthUser, channels: readonly string[]): Promise<void> {
    if (channels.length > MAX_CHANNELS_PER_STREAM) {
      throw new InvalidInputError(`A stream can carry at most ${MAX_CHANNELS_PER_STREAM} channels`);
    }
    const parsed = channels.map((channel) => {
      const match = CHANNEL_NAME.exec(channel);
      const authorizer = match ? this.authorizers.get(match[1]) : undefined;
      if (!match || !authorizer) {
        throw new InvalidInputError(
          `"${channel.slice(0, 80)}" is not a channel name (expected kind:id with kind one of ${[...this.authorizers.keys()].join(', ')})`,
        );
      }
      return { channel, id: match[2], authorizer };
    });
    const verdicts = await Promise.all(parsed.map(({ id, authorizer }) => authorizer(user, id)));
    const refused = parsed.filter((_, index) => !verdicts[index]).map(({ channel }) => channel);
    if (refused.length > 0) {
      throw new ForbiddenError(`Not allowed to read ${refused.join(', ')}`);
    }
  }
}
