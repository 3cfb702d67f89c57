// Key names for a channel, all sharing one hash tag so a channel's stream, epoch
// and Pub/Sub name live on one Redis Cluster slot (the Lua scripts touch them together).
//   user:<id>   → realtime:user:{<id>}
//   board:<id>  → realtime:channel:{board:<id>}
import { channelId, isChannelOfKind, userChannel } from '../../../contracts/channels';

export interface ChannelKeys {
  pubsub: string;
  stream: string;
  epoch: string;
}

export function channelKeys(channel: string): ChannelKeys {
  const base = isChannelOfKind(channel, 'user') ? `realtime:user:{${channelId(channel)}}` : `realtime:channel:{${channel}}`;
  return { pubsub: base, stream: `${base}:stream`, epoch: `${base}:epoch` };
}

/** The channel a Pub/Sub message came from, by reversing channelKeys(). */
export function channelFromPubsub(pubsub: string): string | undefined {
  const user = /^realtime:user:\{(.+)\}$/.exec(pubsub);
  if (user) {
    return userChannel(user[1]);
  }
  return /^realtime:channel:\{(.+)\}$/.exec(pubsub)?.[1];
}
