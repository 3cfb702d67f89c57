/** What modules learn about a stream when it opens and closes (presence uses this). */
export interface StreamInfo {
  readonly connectionId: string;
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly channels: readonly string[];
  /** Channels taken off the stream while it was open (the user lost access): it carries them no more. */
  readonly revokedChannels?: ReadonlySet<string>;
}

export interface StreamHooks {
  onStreamOpened?(stream: StreamInfo): void | Promise<void>;
  onStreamClosed?(stream: StreamInfo): void | Promise<void>;
  /** The stream stopped carrying `channel` (its user lost access); called once per stream and channel. */
  onChannelRevoked?(stream: StreamInfo, channel: string): void | Promise<void>;
}
