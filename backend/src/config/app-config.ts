import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * Every setting of a pod, validated once at boot. Used as the DI token too, so
 * nothing else in the app needs to read the environment.
 */
export abstract class AppConfig {
  abstract readonly nodeEnv: NodeEnv;
  abstract readonly host: string;
  abstract readonly port: number;
  /** Prometheus /metrics listens here, never on the public port; 0 turns it off. */
  abstract readonly metricsPort: number;
  abstract readonly metricsHost: string;
  abstract readonly redisUrl: string | undefined;
  /** Seed nodes of a Redis Cluster (REDIS_CLUSTER_NODES): cluster mode, the alternative to redisUrl. */
  abstract readonly redisClusterNodes: readonly RedisNode[] | undefined;
  /** AUTH password of every cluster node (REDIS_CLUSTER_PASSWORD); a single Redis carries it in REDIS_URL. */
  abstract readonly redisClusterPassword: string | undefined;
  abstract readonly jwtSecret: string;
  /** True when no JWT_SECRET was given and a random one was made for this process. */
  abstract readonly jwtSecretGenerated: boolean;
  abstract readonly jwtTtlSeconds: number;
  /** Absolute lifetime of a session from its login: refresh is refused past it, so tokens cannot chain forever. */
  abstract readonly sessionMaxAgeSeconds: number;
  /** Board invitations one user may send per hour. */
  abstract readonly inviteRateLimit: number;
  /** Invite links one user may open or accept per 10 minutes (INVITE_LINK_RATE_LIMIT). */
  abstract readonly inviteLinkRateLimit: number;
  abstract readonly sseHeartbeatMs: number;
  abstract readonly sseMaxConnections: number;
  abstract readonly sseMaxConnectionsPerUser: number;
  /** Streams a pod opens per second before answering 503 with Retry-After (SSE_CONNECT_RATE); 0 turns the check off. */
  abstract readonly sseConnectRate: number;
  /** Streams a pod opens at once after a quiet spell (SSE_CONNECT_BURST). */
  abstract readonly sseConnectBurst: number;
  abstract readonly historySize: number;
  /** Board and note writes one user may make per 10 seconds. */
  abstract readonly writeRateLimit: number;
  /** Chat messages one user may post per 10 seconds. */
  abstract readonly chatRateLimit: number;
  /** Long-poll requests one user may make per 10 seconds. */
  abstract readonly pollRateLimit: number;
  /** A user who closed their last stream on a board counts as present this long, so reconnects do not flap. */
  abstract readonly presenceGraceMs: number;
  /** How long a write's idempotency key is remembered, per user. */
  abstract readonly idempotencyTtlMs: number;
  /** How long a pod's presence lease lives without renewal: a dead pod's users leave after it. */
  abstract readonly presenceLeaseMs: number;
  /** A call nobody answers ends as `missed` after this long. */
  abstract readonly callRingTimeoutMs: number;
  /** Call signalling requests (offer, answer, ICE batches, decline, end) one user may make per 10 seconds. */
  abstract readonly callRateLimit: number;
  /** STUN and TURN servers the app gives RTCPeerConnection (GET /api/calls/config). */
  abstract readonly iceServers: readonly IceServer[];
  /** Whether this pod runs jobs (Redis mode; WORKER=false makes an HTTP-only pod). */
  abstract readonly worker: boolean;
  abstract readonly jobConcurrency: number;
  abstract readonly jobResultTtlSeconds: number;
  /** A job whose worker stops renewing its lock this long is retried elsewhere (BullMQ stalled jobs). */
  abstract readonly jobStalledMs: number;
  /** Pause between batches of a job, so background work never starves interactive requests. */
  abstract readonly jobBatchPauseMs: number;
  /** Jobs one user may have queued or running at once. */
  abstract readonly jobMaxActivePerUser: number;
  /** Messages kept per chat room. */
  abstract readonly chatRetention: number;
  /** Login attempts per username from one client IP, per auth window. */
  abstract readonly loginRateLimit: number;
  /** Login attempts per username from all IPs together, per auth window (slows distributed guessing). */
  abstract readonly loginUsernameRateLimit: number;
  /** Login attempts per client IP for all usernames together, per auth window (slows password spraying). */
  abstract readonly loginIpRateLimit: number;
  /** Sign-ups per client IP, per auth window. */
  abstract readonly registerRateLimit: number;
  abstract readonly authRateWindowSeconds: number;
  /** Accounts that are admins by this pod's settings (embedded mode has no other way to grant the role). */
  abstract readonly adminUserIds: ReadonlySet<string>;
  abstract readonly corsOrigins: readonly string[];
  abstract readonly logLevel: LogLevel;
  abstract readonly cookieSecure: boolean;
  abstract readonly trustProxy: string;
  abstract readonly staticDir: string;
  abstract readonly version: string;
  abstract readonly attachments: AttachmentsConfig;
}

export interface AttachmentsConfig {
  /** Largest file one upload may carry (ATTACHMENT_MAX_BYTES). */
  readonly maxBytes: number;
  /** Bytes of attachments one user may keep stored (ATTACHMENT_QUOTA_BYTES). */
  readonly quotaBytes: number;
  /** An upload no message took up within this long is deleted and its quota freed. */
  readonly unsentTtlSeconds: number;
  /** Uploads one user may run at once on one pod (429 past it). */
  readonly uploadsPerUser: number;
  /** Uploads one pod runs at once (503 with Retry-After past it). */
  readonly uploadsPerPod: number;
  /** Uploads one user may start per minute. */
  readonly uploadRateLimit: number;
  /** Root of the filesystem storage (DATA_DIR); blobs live under <dataDir>/attachments. */
  readonly dataDir: string;
  readonly storage: 'fs' | 's3';
  /** Only when storage is s3. */
  readonly s3: S3Config | undefined;
}

export interface S3Config {
  /** Empty: the AWS endpoint of the region. */
  readonly endpoint: string | undefined;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId: string | undefined;
  readonly secretAccessKey: string | undefined;
  /** Most S3-compatible servers (MinIO and the like) want path-style URLs. */
  readonly forcePathStyle: boolean;
}

export interface RedisNode {
  host: string;
  port: number;
}

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const DURATION = /^(\d+)\s*(ms|s|m|h|d)?$/;
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads and validates every setting; throws one ConfigError listing all problems. */
export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) {
      return fallback;
    }
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return Number(raw);
  };

  const bool = (name: string, fallback: boolean): boolean => {
    const raw = read(name);
    if (raw === undefined) {
      return fallback;
    }
    if (raw !== 'true' && raw !== 'false') {
      problems.push(`${name} must be true or false (got "${raw}")`);
    }
    return raw === 'true';
  };

  const duration = (name: string, fallback: string): number => {
    const raw = read(name) ?? fallback;
    const match = DURATION.exec(raw);
    if (!match) {
      problems.push(`${name} must be a duration such as 900s, 15m, 1h or 1d (got "${raw}")`);
      return 3600;
    }
    return Math.floor(Number(match[1]) * UNIT_SECONDS[match[2] ?? 's']);
  };

  const nodeEnvRaw = read('NODE_ENV') ?? 'development';
  let nodeEnv: NodeEnv = 'development';
  if (nodeEnvRaw === 'development' || nodeEnvRaw === 'production' || nodeEnvRaw === 'test') {
    nodeEnv = nodeEnvRaw;
  } else {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnvRaw}")`);
  }

  const redisUrl = read('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) {
    problems.push('REDIS_URL must look like redis://host:port[/db] or rediss://…');
  }
  const redisClusterNodes = parseClusterNodes(read('REDIS_CLUSTER_NODES'), problems);
  if (redisUrl !== undefined && redisClusterNodes !== undefined) {
    problems.push('Set either REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster), not both');
  }
  const redisClusterPassword = read('REDIS_CLUSTER_PASSWORD');
  if (redisClusterPassword !== undefined && redisClusterNodes === undefined) {
    problems.push('REDIS_CLUSTER_PASSWORD is only used with REDIS_CLUSTER_NODES (a single Redis takes its password in REDIS_URL)');
  }

  let jwtSecret = read('JWT_SECRET');
  const jwtSecretGenerated = jwtSecret === undefined && nodeEnv !== 'production';
  if (jwtSecret === undefined) {
    if (nodeEnv === 'production') {
      problems.push('JWT_SECRET is required when NODE_ENV=production');
    }
    jwtSecret = randomBytes(32).toString('base64url');
  } else if (jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters');
  }

  const jwtTtlSeconds = duration('JWT_TTL', '1h');
  if (DURATION.test(read('JWT_TTL') ?? '1h') && (jwtTtlSeconds < 10 || jwtTtlSeconds > 30 * 86400)) {
    problems.push('JWT_TTL must be between 10s and 30d');
  }

  const sessionMaxAgeSeconds = duration('SESSION_MAX_AGE', '30d');
  if (DURATION.test(read('SESSION_MAX_AGE') ?? '30d') && (sessionMaxAgeSeconds < 60 || sessionMaxAgeSeconds > 365 * 86400)) {
    problems.push('SESSION_MAX_AGE must be between 60s and 365d');
  }

  const logLevelRaw = read('LOG_LEVEL') ?? (nodeEnv === 'test' ? 'warn' : 'info');
  const logLevel = LOG_LEVELS.find((level) => level === logLevelRaw) ?? 'info';
  if (!LOG_LEVELS.includes(logLevelRaw as LogLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevelRaw}")`);
  }

  const corsOrigins = list(read('CORS_ORIGINS'));
  for (const origin of corsOrigins) {
    if (!isOrigin(origin)) {
      problems.push(`CORS_ORIGINS entry "${origin}" is not an origin like https://example.com`);
    }
  }

  // The role used to follow a username, which made the first to register that name an admin.
  if (read('ADMIN_USERNAMES') !== undefined) {
    problems.push(
      'ADMIN_USERNAMES is no longer supported: grant the admin role to an existing account with `npm run admin -- grant <username>` (Redis mode), or list user ids in ADMIN_USER_IDS',
    );
  }
  const adminUserIds = list(read('ADMIN_USER_IDS')).map((id) => id.toLowerCase());
  for (const id of adminUserIds) {
    if (!UUID.test(id)) {
      problems.push(`ADMIN_USER_IDS entry "${id}" is not a user id (a UUID, see \`npm run admin -- list\` or GET /api/auth/me)`);
    }
  }

  const iceServers = parseIceServers(read('ICE_SERVERS'), problems);

  const port = int('PORT', 3000, 0, 65535);
  const metricsPort = int('METRICS_PORT', 9464, 0, 65535);
  if (metricsPort !== 0 && metricsPort === port) {
    problems.push(`METRICS_PORT must differ from PORT (both ${port})`);
  }

  const config: AppConfig = {
    nodeEnv,
    host: read('HOST') ?? '0.0.0.0',
    port,
    metricsPort,
    metricsHost: read('METRICS_HOST') ?? '127.0.0.1',
    redisUrl,
    redisClusterNodes,
    redisClusterPassword,
    jwtSecret,
    jwtSecretGenerated,
    jwtTtlSeconds,
    sessionMaxAgeSeconds,
    inviteRateLimit: int('INVITE_RATE_LIMIT', 30, 1, 1000000),
    inviteLinkRateLimit: int('INVITE_LINK_RATE_LIMIT', 60, 1, 1000000),
    sseHeartbeatMs: int('SSE_HEARTBEAT_MS', 15000, 100, 300000),
    sseMaxConnections: int('SSE_MAX_CONNECTIONS', 10000, 1, 1000000),
    sseMaxConnectionsPerUser: int('SSE_MAX_CONNECTIONS_PER_USER', 20, 1, 10000),
    sseConnectRate: int('SSE_CONNECT_RATE', 600, 0, 1000000),
    sseConnectBurst: int('SSE_CONNECT_BURST', 150, 1, 1000000),
    historySize: int('HISTORY_SIZE', 1000, 10, 1000000),
    writeRateLimit: int('WRITE_RATE_LIMIT', 300, 1, 1000000),
    chatRateLimit: int('CHAT_RATE_LIMIT', 10, 1, 1000000),
    pollRateLimit: int('POLL_RATE_LIMIT', 600, 1, 1000000),
    presenceGraceMs: int('PRESENCE_GRACE_MS', 5000, 0, 60000),
    idempotencyTtlMs: int('IDEMPOTENCY_TTL_MS', 86_400_000, 1000, 7 * 86_400_000),
    presenceLeaseMs: int('PRESENCE_LEASE_MS', 5000, 500, 60000),
    callRingTimeoutMs: int('CALL_RING_TIMEOUT_MS', 30000, 500, 600000),
    callRateLimit: int('CALL_RATE_LIMIT', 200, 1, 1000000),
    iceServers,
    worker: bool('WORKER', true),
    jobConcurrency: int('JOB_CONCURRENCY', 2, 1, 64),
    jobResultTtlSeconds: duration('JOB_RESULT_TTL', '1h'),
    jobStalledMs: int('JOB_STALLED_MS', 30000, 1000, 600000),
    jobBatchPauseMs: int('JOB_BATCH_PAUSE_MS', 0, 0, 60000),
    jobMaxActivePerUser: int('JOB_MAX_ACTIVE_PER_USER', 5, 1, 1000),
    chatRetention: int('CHAT_RETENTION', 10000, 100, 10000000),
    loginRateLimit: int('LOGIN_RATE_LIMIT', 10, 1, 1000000),
    loginUsernameRateLimit: int('LOGIN_USERNAME_RATE_LIMIT', 100, 1, 1000000),
    loginIpRateLimit: int('LOGIN_IP_RATE_LIMIT', 100, 1, 1000000),
    registerRateLimit: int('REGISTER_RATE_LIMIT', 5, 1, 1000000),
    authRateWindowSeconds: duration('AUTH_RATE_WINDOW', '15m'),
    adminUserIds: new Set(adminUserIds),
    corsOrigins,
    logLevel,
    cookieSecure: bool('COOKIE_SECURE', nodeEnv === 'production'),
    trustProxy: read('TRUST_PROXY') ?? 'loopback',
    staticDir: resolve(read('STATIC_DIR') ?? join(findProjectRoot(), 'dist', 'frontend', 'browser')),
    version: readVersion(),
    attachments: attachmentsConfig(read, int, bool, duration, problems),
  };

  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return Object.freeze(config);
}

const MB = 1024 * 1024;

function attachmentsConfig(
  read: (name: string) => string | undefined,
  int: (name: string, fallback: number, min: number, max: number) => number,
  bool: (name: string, fallback: boolean) => boolean,
  duration: (name: string, fallback: string) => number,
  problems: string[],
): AttachmentsConfig {
  const storageRaw = read('ATTACHMENT_STORAGE') ?? 'fs';
  if (storageRaw !== 'fs' && storageRaw !== 's3') {
    problems.push(`ATTACHMENT_STORAGE must be fs or s3 (got "${storageRaw}")`);
  }
  const storage = storageRaw === 's3' ? 's3' : 'fs';
  let s3: S3Config | undefined;
  if (storage === 's3') {
    const bucket = read('S3_BUCKET');
    if (bucket === undefined) {
      problems.push('S3_BUCKET is required when ATTACHMENT_STORAGE=s3');
    }
    const endpoint = read('S3_ENDPOINT');
    if (endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(endpoint)) {
      problems.push('S3_ENDPOINT must be an http:// or https:// URL');
    }
    const accessKeyId = read('S3_ACCESS_KEY_ID');
    const secretAccessKey = read('S3_SECRET_ACCESS_KEY');
    if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
      problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (or leave both empty for the default AWS credentials)');
    }
    s3 = {
      endpoint,
      bucket: bucket ?? '',
      region: read('S3_REGION') ?? 'us-east-1',
      accessKeyId,
      secretAccessKey,
      forcePathStyle: bool('S3_FORCE_PATH_STYLE', false),
    };
  }
  const maxBytes = int('ATTACHMENT_MAX_BYTES', 10 * MB, 1024, 1024 * MB);
  const quotaBytes = int('ATTACHMENT_QUOTA_BYTES', 200 * MB, 1024, Number.MAX_SAFE_INTEGER);
  if (quotaBytes < maxBytes) {
    problems.push('ATTACHMENT_QUOTA_BYTES must be at least ATTACHMENT_MAX_BYTES');
  }
  return {
    maxBytes,
    quotaBytes,
    unsentTtlSeconds: duration('ATTACHMENT_UNSENT_TTL', '24h'),
    uploadsPerUser: int('ATTACHMENT_UPLOADS_PER_USER', 3, 1, 1000),
    uploadsPerPod: int('ATTACHMENT_UPLOADS_PER_POD', 64, 1, 100000),
    uploadRateLimit: int('ATTACHMENT_RATE_LIMIT', 30, 1, 1000000),
    dataDir: resolve(read('DATA_DIR') ?? 'data'),
    storage,
    s3,
  };
}

/** A REDIS_URL fit for logs: the password is masked. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, (_match, auth: string) => `//${auth.includes(':') ? auth.split(':')[0] + ':***' : '***'}@`);
}

/** host:port,host:port,… — the seeds ioredis asks for the cluster's slot map. */
function parseClusterNodes(raw: string | undefined, problems: string[]): RedisNode[] | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const nodes: RedisNode[] = [];
  for (const entry of list(raw)) {
    const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(entry);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535) {
      problems.push(`REDIS_CLUSTER_NODES entry "${entry}" is not host:port`);
      continue;
    }
    nodes.push({ host: match[1].replace(/^\[|\]$/g, ''), port });
  }
  if (nodes.length === 0 && problems.every((problem) => !problem.startsWith('REDIS_CLUSTER_NODES'))) {
    problems.push('REDIS_CLUSTER_NODES must list at least one host:port');
  }
  return nodes.length > 0 ? nodes : undefined;
}

const DEFAULT_ICE_SERVERS: IceServer[] = [{ urls: 'stun:stun.l.google.com:19302' }];
const ICE_URL = /^(stuns?|turns?):[^\s]+$/;

/** A JSON array of RTCIceServer entries; TURN entries carry a username and a credential. */
function parseIceServers(raw: string | undefined, problems: string[]): IceServer[] {
  if (raw === undefined) {
    return DEFAULT_ICE_SERVERS;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push('ICE_SERVERS must be JSON, e.g. [{"urls":"stun:stun.l.google.com:19302"}]');
    return [];
  }
  if (!Array.isArray(parsed)) {
    problems.push('ICE_SERVERS must be a JSON array of {urls, username?, credential?}');
    return [];
  }
  const servers: IceServer[] = [];
  for (const [index, entry] of (parsed as unknown[]).entries()) {
    const server = entry as Partial<Record<keyof IceServer, unknown>> | null;
    const urls = typeof server?.urls === 'string' ? [server.urls] : server?.urls;
    if (!Array.isArray(urls) || urls.length === 0 || !urls.every((url) => typeof url === 'string' && ICE_URL.test(url))) {
      problems.push(`ICE_SERVERS[${index}].urls must be stun:, stuns:, turn: or turns: URLs`);
      continue;
    }
    const turn = (urls as string[]).some((url) => url.startsWith('turn'));
    const username = server?.username;
    const credential = server?.credential;
    if ((username !== undefined && typeof username !== 'string') || (credential !== undefined && typeof credential !== 'string')) {
      problems.push(`ICE_SERVERS[${index}]: username and credential must be text`);
      continue;
    }
    if (turn && (username === undefined || credential === undefined)) {
      problems.push(`ICE_SERVERS[${index}]: a TURN server needs a username and a credential`);
      continue;
    }
    servers.push({
      urls: server!.urls as string | string[],
      ...(username === undefined ? {} : { username }),
      ...(credential === undefined ? {} : { credential }),
    });
  }
  return servers;
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

// The compiled server runs from dist/server/…, the tests from backend/src/…:
// walk up to the folder that holds our package.json instead of counting levels.
function findProjectRoot(): string {
  let dir = __dirname;
  while (dirname(dir) !== dir) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && readPackageJson(candidate)?.name === 'corkboard') {
      return dir;
    }
    dir = dirname(dir);
  }
  return process.cwd();
}

function readVersion(): string {
  return readPackageJson(join(findProjectRoot(), 'package.json'))?.version ?? '0.0.0';
}

function readPackageJson(path: string): { name?: string; version?: string } | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version?: string };
  } catch {
    return undefined;
  }
}
