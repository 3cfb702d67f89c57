/** What modules learn about a stream when it opens and closes (presence uses this). */
export interface StreamInfo {
  readonly connectionId: string;
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly channels: readonly string[];
}

export interface StreamHooks {
  onStreamOpened?(stream: StreamInfo): void | Promise<void>;
  onStreamClosed?(stream: StreamInfo): void | Promise<void>;
}
