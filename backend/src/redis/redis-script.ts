import type { ChainableCommander, Cluster, Redis } from 'ioredis';
import type { ReplyGuard } from './redis-reply';

export type ScriptClient = Redis | Cluster;
export type ScriptArg = string | number | Buffer;

export interface ScriptDefinition<R> {
  /** Names the script in errors and becomes its ioredis command name. */
  name: string;
  lua: string;
  /**
   * How many of the arguments are keys. Every key the script touches is passed as a key (never
   * built inside Lua), so Redis Cluster can route it; one script's keys must share a hash tag.
   */
  keys: number;
  reply: ReplyGuard<R>;
}

/** The script answered something its caller does not expect: a bug, never a transient failure. */
export class ScriptReplyError extends Error {
  constructor(script: string, reply: unknown) {
    super(`Redis script "${script}" replied with an unexpected shape: ${preview(reply)}`);
    this.name = 'ScriptReplyError';
  }
}

type ScriptCommand = (...args: ScriptArg[]) => Promise<unknown>;
type PipelineCommand = (...args: ScriptArg[]) => ChainableCommander;

/**
 * A Lua script defined once and run by SHA. ioredis sends EVAL the first time on each socket and
 * EVALSHA after that, and falls back to EVAL by itself when Redis answers NOSCRIPT (after a
 * restart or SCRIPT FLUSH), so the script text crosses the network once per connection.
 */
export class RedisScript<R> {
  private readonly command: string;
  private readonly registered = new WeakSet<ScriptClient>();

  constructor(private readonly definition: ScriptDefinition<R>) {
    this.command = `corkboard:${definition.name}`;
  }

  get name(): string {
    return this.definition.name;
  }

  async run(client: ScriptClient, keys: readonly string[], args: readonly ScriptArg[] = []): Promise<R> {
    const command = (this.register(client) as unknown as Record<string, ScriptCommand>)[this.command];
    return this.check(await command.call(client, ...this.argv(keys, args)));
  }

  /**
   * Adds a call to a pipeline made from a client this script ran on or was prepared for; check
   * each reply with check(). A pipeline copies the client's scripts when it is created.
   */
  queue(pipeline: ChainableCommander, keys: readonly string[], args: readonly ScriptArg[] = []): void {
    const command = (pipeline as unknown as Record<string, PipelineCommand | undefined>)[this.command];
    if (!command) {
      throw new Error(`Redis script "${this.name}" is not defined on this pipeline's client: call prepare(client) first`);
    }
    command.call(pipeline, ...this.argv(keys, args));
  }

  /** Defines the script on a client, so pipelines made from it can queue the script. */
  prepare(client: ScriptClient): void {
    this.register(client);
  }

  check(reply: unknown): R {
    if (!this.definition.reply(reply)) {
      throw new ScriptReplyError(this.name, reply);
    }
    return reply;
  }

  private register(client: ScriptClient): ScriptClient {
    if (!this.registered.has(client)) {
      client.defineCommand(this.command, { lua: this.definition.lua, numberOfKeys: this.definition.keys });
      this.registered.add(client);
    }
    return client;
  }

  private argv(keys: readonly string[], args: readonly ScriptArg[]): ScriptArg[] {
    if (keys.length !== this.definition.keys) {
      throw new Error(`Redis script "${this.name}" takes ${this.definition.keys} key(s), got ${keys.length}`);
    }
    return [...keys, ...args];
  }
}

const definedNames = new Map<string, string>();

export function defineScript<R>(definition: ScriptDefinition<R>): RedisScript<R> {
  // Two scripts under one name would overwrite each other's command on a shared client.
  const lua = definedNames.get(definition.name);
  if (lua !== undefined && lua !== definition.lua) {
    throw new Error(`Redis script "${definition.name}" is defined twice with different Lua`);
  }
  definedNames.set(definition.name, definition.lua);
  return new RedisScript(definition);
}

function preview(reply: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(reply) ?? String(reply);
  } catch {
    text = String(reply);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
