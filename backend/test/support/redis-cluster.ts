import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import { ClusterNodeProcess, type ClusterNodeSettings, freeClusterPort, isPortInUse, nodeDir } from './redis-cluster-node';
import {
  type ClusterNodeRef,
  coversEverySlot,
  describeSlots,
  mastersOf,
  ownerOf,
  parseClusterSlots,
  parseInfo,
  portsIn,
  type SlotRange,
} from './redis-cluster-topology';
import { assertRedisInstalled } from './redis-server';

export type { ClusterNodeRef, SlotRange } from './redis-cluster-topology';

export interface RedisClusterOptions {
  /** At least 3: redis-cli refuses to create a smaller cluster. */
  masters?: number;
  replicasPerMaster?: number;
  /** cluster-node-timeout: how long a silent master goes before its replica takes over. */
  nodeTimeoutMs?: number;
}

export interface MoveSlotOptions {
  /** Keys per MIGRATE; a small batch keeps the slot half-moved for longer. */
  batch?: number;
  /**
   * Awaited once the slot is MIGRATING on its owner and IMPORTING on the target, and again after
   * every batch of keys moved: traffic sent meanwhile meets ASK redirections.
   */
  duringMigration?: () => Promise<void> | void;
}

/** A real Redis Cluster on loopback, owned by one test file. */
export interface RedisCluster {
  /** "127.0.0.1:p1,127.0.0.1:p2,…", every node, for REDIS_CLUSTER_NODES. */
  readonly nodes: string;
  /** The same nodes, for `new Redis.Cluster(seeds)`. */
  readonly seeds: readonly { host: string; port: number }[];
  readonly ports: readonly number[];
  keySlot(key: string): Promise<number>;
  /** The masters that own slots, by port. */
  masters(): Promise<ClusterNodeRef[]>;
  masterForSlot(slot: number): Promise<ClusterNodeRef>;
  masterForKey(key: string): Promise<ClusterNodeRef>;
  /** SIGKILLs a master that owns slots, as a crash would. */
  killMaster(port: number): Promise<void>;
  /** The port of the replica that took over a killed master's slots, once every surviving node agrees and says cluster_state:ok. */
  waitForPromotion(oldMasterPort: number, timeoutMs?: number): Promise<number>;
  /** Starts a killed node again from its nodes.conf and waits until the cluster counts it back in (a killed master comes back as a replica). */
  restartNode(port: number): Promise<void>;
  /** Reshards one slot, keys included, to another master while the cluster keeps serving it. */
  moveSlot(slot: number, toPort: number, options?: MoveSlotOptions): Promise<void>;
  /** used_cpu_sys + used_cpu_user of one node since it started. */
  cpuSeconds(port: number): Promise<number>;
  /** Empties every master, and its replicas with it. */
  flushAll(): Promise<void>;
  /** Kills every node it started and removes their folders. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const POLL_MS = 50;
const FORM_TIMEOUT_MS = 20_000;
const PROMOTION_TIMEOUT_MS = 15_000;
const SETTLE_TIMEOUT_MS = 15_000;
const MIGRATE_TIMEOUT_MS = 5_000;
const WAIT_REPLICAS_MS = 5_000;
const START_ATTEMPTS = 5;

const runFile = promisify(execFile);

/** Polls `attempt` until it returns a value; a throw means "not yet" and its message explains a timeout. */
async function poll<T>(what: string, timeoutMs: number, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let reason: unknown;
    try {
      return await attempt();
    } catch (error) {
      reason = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${reason instanceof Error ? reason.message : String(reason)}`);
    }
    await delay(POLL_MS);
  }
}

class LocalRedisCluster implements RedisCluster {
  private readonly members: ClusterNodeProcess[] = [];
  private readonly admins = new Map<number, Redis>();
  private readonly takenPorts = new Set<number>();
  /** The slots each killed master owned, so its promotion can be recognised. */
  private readonly killedMasters = new Map<number, { nodeId: string; slots: number[] }>();
  // Never outlive the test process, even when a suite fails before its afterAll.
  private readonly killOnExit = (): void => {
    this.members.forEach((member) => member.killNow());
    rmSync(this.root, { recursive: true, force: true });
  };

  constructor(
    private readonly root: string,
    private readonly settings: ClusterNodeSettings,
  ) {
    process.once('exit', this.killOnExit);
  }

  get ports(): number[] {
    return this.members.map((member) => member.port);
  }

  get nodes(): string {
    return this.ports.map((port) => `${HOST}:${port}`).join(',');
  }

  get seeds(): { host: string; port: number }[] {
    return this.ports.map((port) => ({ host: HOST, port }));
  }

  /** Starts one more cluster-enabled node, on another port pair if the chosen one was taken meanwhile. */
  async addNode(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const port = await freeClusterPort(this.takenPorts);
      const member = new ClusterNodeProcess(port, nodeDir(this.root, port), this.settings);
      this.members.push(member);
      try {
        await member.start();
        await this.connectAdmin(port);
        return;
      } catch (error) {
        await member.kill();
        this.members.splice(this.members.indexOf(member), 1);
        if (!isPortInUse(error) || attempt === START_ATTEMPTS) {
          throw error;
        }
      }
    }
  }

  async form(masters: number, replicasPerMaster: number): Promise<void> {
    const addresses = this.ports.map((port) => `${HOST}:${port}`);
    const args = ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicasPerMaster), '--cluster-yes'];
    try {
      await runFile('redis-cli', args, { timeout: FORM_TIMEOUT_MS });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`redis-cli ${args.join(' ')} failed: ${String(error)}\n${stdout ?? ''}\n${stderr ?? ''}`);
    }
    await this.settle('the new cluster to form', FORM_TIMEOUT_MS, (ranges) => {
      const mastersSeen = mastersOf(ranges).length;
      const complete = ranges.every((range) => range.replicas.length === replicasPerMaster);
      if (mastersSeen !== masters || !complete || portsIn(ranges).size !== this.members.length) {
        throw new Error(`not every node has its role yet:\n${describeSlots(ranges)}`);
      }
    });
  }

  async keySlot(key: string): Promise<number> {
    return Number(await this.anyAdmin().call('CLUSTER', 'KEYSLOT', key));
  }

  async masters(): Promise<ClusterNodeRef[]> {
    return mastersOf(await this.slots());
  }

  async masterForSlot(slot: number): Promise<ClusterNodeRef> {
    const owner = ownerOf(await this.slots(), slot);
    if (!owner) {
      throw new Error(`no node owns slot ${slot}`);
    }
    return owner;
  }

  async masterForKey(key: string): Promise<ClusterNodeRef> {
    return this.masterForSlot(await this.keySlot(key));
  }

  async killMaster(port: number): Promise<void> {
    const member = this.member(port);
    const admin = this.admin(port);
    const nodeId = String(await admin.call('CLUSTER', 'MYID'));
    const owned = parseClusterSlots(await admin.call('CLUSTER', 'SLOTS')).filter((range) => range.master.nodeId === nodeId);
    if (owned.length === 0) {
      throw new Error(`:${port} is not a master that owns slots: killing it would fail nothing over`);
    }
    this.killedMasters.set(port, { nodeId, slots: owned.map((range) => range.start) });
    this.closeAdmin(port);
    await member.kill();
  }

  async waitForPromotion(oldMasterPort: number, timeoutMs = PROMOTION_TIMEOUT_MS): Promise<number> {
    const killed = this.killedMasters.get(oldMasterPort);
    if (!killed) {
      throw new Error(`:${oldMasterPort} was not killed with killMaster`);
    }
    return this.settle(`a replica to take over the slots of :${oldMasterPort}`, timeoutMs, (ranges) => {
      const owners = new Set(killed.slots.map((slot) => ownerOf(ranges, slot)?.nodeId));
      const [newOwner] = owners;
      if (owners.size !== 1 || newOwner === killed.nodeId) {
        throw new Error(`its slots are still on :${oldMasterPort}`);
      }
      return mastersOf(ranges).find((master) => master.nodeId === newOwner)!.port;
    });
  }

  async restartNode(port: number): Promise<void> {
    const member = this.member(port);
    await member.start();
    await this.connectAdmin(port);
    this.killedMasters.delete(port);
    await this.settle(`:${port} to rejoin the cluster`, SETTLE_TIMEOUT_MS, (ranges) => {
      if (!portsIn(ranges).has(port)) {
        throw new Error(`the cluster does not count :${port} in yet:\n${describeSlots(ranges)}`);
      }
    });
  }

  async moveSlot(slot: number, toPort: number, options: MoveSlotOptions = {}): Promise<void> {
    const ranges = await this.slots();
    const source = ownerOf(ranges, slot);
    if (!source) {
      throw new Error(`no node owns slot ${slot}`);
    }
    if (source.port === toPort) {
      return;
    }
    const target = this.admin(toPort);
    const targetId = String(await target.call('CLUSTER', 'MYID'));
    if (!mastersOf(ranges).some((master) => master.nodeId === targetId)) {
      throw new Error(`:${toPort} is not a master that owns slots`);
    }
    const from = this.admin(source.port);
    // The standard live resharding: the target accepts ASKING clients, the owner redirects
    // clients for keys it no longer has, and keys move in batches until the slot is empty.
    await target.call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', source.nodeId);
    await from.call('CLUSTER', 'SETSLOT', slot, 'MIGRATING', targetId);
    await options.duringMigration?.();
    for (;;) {
      const keys = (await from.call('CLUSTER', 'GETKEYSINSLOT', slot, options.batch ?? 100)) as string[];
      if (keys.length === 0) {
        break;
      }
      await from.call('MIGRATE', HOST, toPort, '', 0, MIGRATE_TIMEOUT_MS, 'REPLACE', 'KEYS', ...keys);
      await options.duringMigration?.();
    }
    // The target first, so that it owns the slot before the source stops redirecting to it.
    await target.call('CLUSTER', 'SETSLOT', slot, 'NODE', targetId);
    await from.call('CLUSTER', 'SETSLOT', slot, 'NODE', targetId);
    const others = mastersOf(ranges).filter((master) => master.port !== source.port && master.port !== toPort);
    await Promise.all(others.map((master) => this.admin(master.port).call('CLUSTER', 'SETSLOT', slot, 'NODE', targetId)));
    await this.settle(`slot ${slot} to be on :${toPort} everywhere`, SETTLE_TIMEOUT_MS, (settled) => {
      if (ownerOf(settled, slot)?.port !== toPort) {
        throw new Error(`slot ${slot} is still on :${ownerOf(settled, slot)?.port}`);
      }
    });
  }

  async cpuSeconds(port: number): Promise<number> {
    const cpu = parseInfo(String(await this.admin(port).call('INFO', 'cpu')));
    return Number(cpu.get('used_cpu_sys')) + Number(cpu.get('used_cpu_user'));
  }

  async flushAll(): Promise<void> {
    const ranges = await this.slots();
    const replicasOf = (port: number): number => ranges.find((range) => range.master.port === port)?.replicas.length ?? 0;
    await Promise.all(
      mastersOf(ranges).map(async ({ port }) => {
        await this.admin(port).call('FLUSHALL');
        // A replica still holding the old keys would bring them back if it is promoted next.
        await this.admin(port).call('WAIT', replicasOf(port), WAIT_REPLICAS_MS);
      }),
    );
  }

  async stop(): Promise<void> {
    process.off('exit', this.killOnExit);
    for (const port of [...this.admins.keys()]) {
      this.closeAdmin(port);
    }
    await Promise.all(this.members.map((member) => member.kill()));
    rmSync(this.root, { recursive: true, force: true });
  }

  /**
   * Waits until every running node says cluster_state:ok, sees every slot covered by the same
   * masters and replicas as the others, every running replica's link to its master is up, and
   * `check` accepts that map (it throws to keep waiting).
   */
  private settle<T>(what: string, timeoutMs: number, check: (ranges: SlotRange[]) => T): Promise<T> {
    return poll(what, timeoutMs, async () => check(await this.agreedSlots()));
  }

  private async agreedSlots(): Promise<SlotRange[]> {
    const running = this.members.filter((member) => member.running).map((member) => member.port);
    const views = await Promise.all(running.map((port) => this.viewOf(port)));
    const [first] = views;
    if (!first) {
      throw new Error('no node of the cluster is running');
    }
    for (const [index, view] of views.entries()) {
      if (view.text !== first.text) {
        throw new Error(`:${running[index]} sees\n${view.text}\nwhile :${running[0]} sees\n${first.text}`);
      }
    }
    return first.ranges;
  }

  /** One node's slot map, once it says it is healthy. */
  private async viewOf(port: number): Promise<{ ranges: SlotRange[]; text: string }> {
    const admin = this.admin(port);
    const [clusterInfo, replication, slotsReply] = await Promise.all([
      admin.call('CLUSTER', 'INFO'),
      admin.call('INFO', 'replication'),
      admin.call('CLUSTER', 'SLOTS'),
    ]);
    const state = parseInfo(String(clusterInfo)).get('cluster_state');
    if (state !== 'ok') {
      throw new Error(`:${port} says cluster_state:${state}`);
    }
    const link = parseInfo(String(replication));
    if (link.get('role') === 'slave' && link.get('master_link_status') !== 'up') {
      throw new Error(`:${port} is a replica whose link to its master is ${link.get('master_link_status')}`);
    }
    const ranges = parseClusterSlots(slotsReply);
    const text = describeSlots(ranges);
    if (!coversEverySlot(ranges)) {
      throw new Error(`:${port} does not see every slot covered:\n${text}`);
    }
    return { ranges, text };
  }

  private async slots(): Promise<SlotRange[]> {
    return parseClusterSlots(await this.anyAdmin().call('CLUSTER', 'SLOTS'));
  }

  private async connectAdmin(port: number): Promise<void> {
    // Fail fast instead of queueing: a node that is down should make a poll retry, not hang.
    const admin = new Redis({
      host: HOST,
      port,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => POLL_MS,
    });
    admin.on('error', () => undefined);
    try {
      await admin.connect();
    } catch (error) {
      // It would go on reconnecting, and keep the test process alive, if it were left behind.
      admin.disconnect();
      throw error;
    }
    this.admins.set(port, admin);
  }

  private closeAdmin(port: number): void {
    this.admins.get(port)?.disconnect();
    this.admins.delete(port);
  }

  private admin(port: number): Redis {
    const admin = this.admins.get(port);
    if (!admin) {
      throw new Error(`:${port} is not a running node of this cluster`);
    }
    return admin;
  }

  private anyAdmin(): Redis {
    const [admin] = this.admins.values();
    if (!admin) {
      throw new Error('no node of the cluster is running');
    }
    return admin;
  }

  private member(port: number): ClusterNodeProcess {
    const member = this.members.find((candidate) => candidate.port === port);
    if (!member) {
      throw new Error(`:${port} is not a node of this cluster`);
    }
    return member;
  }
}

/**
 * Starts `masters × (1 + replicasPerMaster)` redis-server processes on free loopback ports and
 * joins them with `redis-cli --cluster create`; resolves once every node agrees on the slot map.
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  assertRedisInstalled();
  const masters = options.masters ?? 3;
  const replicasPerMaster = options.replicasPerMaster ?? 1;
  if (masters < 3) {
    throw new Error(`a Redis Cluster needs at least 3 masters, asked for ${masters}`);
  }
  const cluster = new LocalRedisCluster(mkdtempSync(join(tmpdir(), 'corkboard-redis-cluster-')), {
    nodeTimeoutMs: options.nodeTimeoutMs ?? 1000,
  });
  try {
    await Promise.all(Array.from({ length: masters * (1 + replicasPerMaster) }, () => cluster.addNode()));
    await cluster.form(masters, replicasPerMaster);
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
