import { ConfigError, loadConfig, redactUrl } from './app-config';

describe('loadConfig', () => {
  it('gives the documented defaults on an empty environment', () => {
    const config = loadConfig({});
    expect(config).toEqual(
      expect.objectContaining({
        nodeEnv: 'development',
        port: 3000,
        redisUrl: undefined,
        jwtTtlSeconds: 3600,
        sseHeartbeatMs: 15000,
        sseMaxConnections: 10000,
        historySize: 1000,
        corsOrigins: [],
        cookieSecure: false,
      }),
    );
  });

  it('selects a Redis Cluster from its seed nodes', () => {
    const config = loadConfig({ REDIS_CLUSTER_NODES: ' 10.0.0.1:7000, redis-b.internal:7001,[::1]:7002 ' });
    expect(config.redisUrl).toBeUndefined();
    expect(config.redisClusterNodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b.internal', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
  });

  it('refuses REDIS_URL and REDIS_CLUSTER_NODES together, and seeds that are not host:port', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: '127.0.0.1:7000' })).toThrow(
      'Set either REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster), not both',
    );
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: '127.0.0.1,redis://x:1,127.0.0.1:99999' })).toThrow(
      /REDIS_CLUSTER_NODES entry "127.0.0.1" is not host:port[\s\S]*entry "redis:\/\/x:1" is not host:port[\s\S]*entry "127.0.0.1:99999"/,
    );
    expect(() => loadConfig({ REDIS_CLUSTER_PASSWORD: 'secret' })).toThrow('REDIS_CLUSTER_PASSWORD is only used with REDIS_CLUSTER_NODES');
  });

  it('generates a random JWT secret in development and says so', () => {
    const first = loadConfig({});
    const second = loadConfig({});
    expect(first.jwtSecretGenerated).toBe(true);
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.jwtSecret).not.toBe(second.jwtSecret);
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required when NODE_ENV=production/);
  });

  it('uses secure cookies by default in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) });
    expect(config.cookieSecure).toBe(true);
    expect(config.jwtSecretGenerated).toBe(false);
  });

  it('lets COOKIE_SECURE override the default either way, and refuses anything but true or false', () => {
    const secret = { JWT_SECRET: 'x'.repeat(40) };
    expect(loadConfig({ COOKIE_SECURE: 'true' }).cookieSecure).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', ...secret, COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
    expect(() => loadConfig({ COOKIE_SECURE: 'yes' })).toThrow(/COOKIE_SECURE must be true or false \(got "yes"\)/);
  });

  it('keeps metrics on a loopback port of their own, and refuses it on the public port', () => {
    expect(loadConfig({})).toEqual(expect.objectContaining({ metricsPort: 9464, metricsHost: '127.0.0.1' }));
    expect(loadConfig({ METRICS_PORT: '0' }).metricsPort).toBe(0);
    expect(() => loadConfig({ PORT: '8000', METRICS_PORT: '8000' })).toThrow(/METRICS_PORT must differ from PORT/);
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT must be a whole number from 0 to 65535/);
  });

  it('parses durations and lists', () => {
    const admin = '8C9E1F2A-3B4D-4E5F-8A6B-7C8D9E0F1A2B';
    const config = loadConfig({ JWT_TTL: '15m', ADMIN_USER_IDS: ` ${admin} `, CORS_ORIGINS: 'https://a.example,http://localhost:4200' });
    expect(config.jwtTtlSeconds).toBe(900);
    expect([...config.adminUserIds]).toEqual([admin.toLowerCase()]);
    expect(config.corsOrigins).toEqual(['https://a.example', 'http://localhost:4200']);
  });

  it('stops the boot on ADMIN_USERNAMES and says what to use instead', () => {
    expect(() => loadConfig({ ADMIN_USERNAMES: 'root' })).toThrow(
      /ADMIN_USERNAMES is no longer supported.*npm run admin -- grant <username>.*ADMIN_USER_IDS/,
    );
    expect(() => loadConfig({ ADMIN_USER_IDS: 'root' })).toThrow(/ADMIN_USER_IDS entry "root" is not a user id/);
  });

  it('reads the login and sign-up limits', () => {
    const defaults = loadConfig({});
    expect([defaults.loginRateLimit, defaults.loginUsernameRateLimit, defaults.loginIpRateLimit, defaults.registerRateLimit]).toEqual([
      10, 100, 100, 5,
    ]);
    expect(defaults.authRateWindowSeconds).toBe(900);
    expect(loadConfig({ LOGIN_RATE_LIMIT: '3', AUTH_RATE_WINDOW: '1h' })).toEqual(
      expect.objectContaining({ loginRateLimit: 3, authRateWindowSeconds: 3600 }),
    );
  });

  it('lists every problem at once in a readable message', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        JWT_TTL: 'forever',
        REDIS_URL: 'localhost:6379',
        CORS_ORIGINS: 'https://a.example/path',
        JWT_SECRET: 'short',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect([...problems].sort()).toEqual([
      'CORS_ORIGINS entry "https://a.example/path" is not an origin like https://example.com',
      'JWT_SECRET must be at least 32 characters',
      'JWT_TTL must be a duration such as 900s, 15m, 1h or 1d (got "forever")',
      'PORT must be a whole number from 0 to 65535 (got "eighty")',
      'REDIS_URL must look like redis://host:port[/db] or rediss://…',
    ]);
    expect((error as Error).message).toContain('Invalid configuration:');
  });

  it('refuses out-of-range numbers', () => {
    expect(() => loadConfig({ SSE_HEARTBEAT_MS: '5' })).toThrow(/SSE_HEARTBEAT_MS must be a whole number from 100/);
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV must be development, production or test/);
  });

  it('reads the connect rate of streams: 600/s with a burst of 150 by default, 0 turning the check off', () => {
    expect(loadConfig({})).toMatchObject({ sseConnectRate: 600, sseConnectBurst: 150 });
    expect(loadConfig({ SSE_CONNECT_RATE: '0' }).sseConnectRate).toBe(0);
    expect(loadConfig({ SSE_CONNECT_RATE: '200', SSE_CONNECT_BURST: '50' })).toMatchObject({ sseConnectRate: 200, sseConnectBurst: 50 });
    expect(() => loadConfig({ SSE_CONNECT_RATE: '-1' })).toThrow(/SSE_CONNECT_RATE must be a whole number from 0 to 1000000/);
    expect(() => loadConfig({ SSE_CONNECT_BURST: '0' })).toThrow(/SSE_CONNECT_BURST must be a whole number from 1 to 1000000/);
  });

  it('reads the call settings: public STUN by default, TURN with credentials, a ring timeout', () => {
    expect(loadConfig({})).toMatchObject({ callRingTimeoutMs: 30000, iceServers: [{ urls: 'stun:stun.l.google.com:19302' }] });
    expect(loadConfig({ ICE_SERVERS: '[]', CALL_RING_TIMEOUT_MS: '1000' })).toMatchObject({ iceServers: [], callRingTimeoutMs: 1000 });
    const turn = '[{"urls":["stun:a.example:3478"]},{"urls":"turns:t.example:5349","username":"u","credential":"c"}]';
    expect(loadConfig({ ICE_SERVERS: turn }).iceServers).toEqual([
      { urls: ['stun:a.example:3478'] },
      { urls: 'turns:t.example:5349', username: 'u', credential: 'c' },
    ]);
    expect(() => loadConfig({ ICE_SERVERS: '{"urls":"stun:x"}' })).toThrow(/ICE_SERVERS must be a JSON array/);
    expect(() => loadConfig({ ICE_SERVERS: 'stun:x' })).toThrow(/ICE_SERVERS must be JSON/);
    expect(() => loadConfig({ ICE_SERVERS: '[{"urls":"http://x"}]' })).toThrow(/ICE_SERVERS\[0\]\.urls must be stun:/);
    expect(() => loadConfig({ ICE_SERVERS: '[{"urls":"turn:t.example"}]' })).toThrow(/a TURN server needs a username and a credential/);
  });

  it('gives attachments their defaults: 10 MB files, 200 MB per user, files under ./data', () => {
    const { attachments } = loadConfig({});
    expect(attachments).toEqual(
      expect.objectContaining({
        maxBytes: 10 * 1024 * 1024,
        quotaBytes: 200 * 1024 * 1024,
        unsentTtlSeconds: 86400,
        storage: 'fs',
        s3: undefined,
      }),
    );
    expect(attachments.dataDir).toMatch(/\/data$/);
  });

  it('checks the S3 settings only when ATTACHMENT_STORAGE=s3', () => {
    expect(() => loadConfig({ ATTACHMENT_STORAGE: 'disk' })).toThrow(/ATTACHMENT_STORAGE must be fs or s3/);
    expect(() => loadConfig({ ATTACHMENT_STORAGE: 's3' })).toThrow(/S3_BUCKET is required/);
    expect(() => loadConfig({ ATTACHMENT_STORAGE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k' })).toThrow(/go together/);
    expect(() => loadConfig({ ATTACHMENT_QUOTA_BYTES: '2048', ATTACHMENT_MAX_BYTES: '4096' })).toThrow(/at least ATTACHMENT_MAX_BYTES/);
    const { s3 } = loadConfig({
      ATTACHMENT_STORAGE: 's3',
      S3_BUCKET: 'files',
      S3_ENDPOINT: 'http://minio:9000',
      S3_FORCE_PATH_STYLE: 'true',
    }).attachments;
    expect(s3).toEqual({
      endpoint: 'http://minio:9000',
      bucket: 'files',
      region: 'us-east-1',
      accessKeyId: undefined,
      secretAccessKey: undefined,
      forcePathStyle: true,
    });
  });

  it('freezes the result so nothing can change a setting at run time', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
  });
});

describe('redactUrl', () => {
  it('masks the password of a Redis URL', () => {
    expect(redactUrl('redis://default:s3cret@redis:6379/0')).toBe('redis://default:***@redis:6379/0');
    expect(redactUrl('redis://s3cret@redis:6379')).toBe('redis://***@redis:6379');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});
