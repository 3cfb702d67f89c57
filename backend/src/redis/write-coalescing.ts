import { Cluster, type Redis } from 'ioredis';
import type { Socket } from 'node:net';
import type { RedisClient } from './redis-client';

/**
 * Sends what a connection is given in one turn of the event loop in one system call. ioredis writes
 * each command to its socket as it is issued: opening a stream takes eight or so commands (session,
 * membership, cursors, presence, call reachability), and in a reconnect storm those writes were
 * most of a connect's CPU (docs/performance.md, "Reconnect storms"). Corking the socket until the
 * loop's check phase leaves every command, its order and its reply as they were; it only delays the
 * write to the end of the current turn, at most the I/O callbacks already due in it.
 * (ioredis's own enableAutoPipelining batches as well, but it fails on scripts registered with
 * defineCommand and crashed the pod under load.)
 */
export function coalesceWritesPerTurn(client: RedisClient): void {
  if (client instanceof Cluster) {
    client.on('+node', (node: Redis) => coalesceNode(node));
    return;
  }
  coalesceNode(client);
}

function coalesceNode(connection: Redis): void {
  // A new socket for every (re)connect.
  connection.on('connect', () => {
    const socket: Socket = connection.stream;
    const write = socket.write.bind(socket);
    let corked = false;
    const release = (): void => {
      corked = false;
      socket.uncork();
    };
    socket.write = ((...args: Parameters<Socket['write']>): boolean => {
      if (!corked) {
        corked = true;
        socket.cork();
        setImmediate(release);
      }
      return write(...args);
    }) as Socket['write'];
  });
}
