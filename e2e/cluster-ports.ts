import os from 'node:os';
import path from 'node:path';

// Fixed (not random) because the config is evaluated again in every worker; unusual so they
// rarely clash with a developer's own `npm run cluster`, and below Linux's ephemeral range
// (32768+) so no outgoing connection holds one. Move them all with E2E_CLUSTER_PORT_BASE.
const base = Number(process.env.E2E_CLUSTER_PORT_BASE ?? 24100);

export const clusterPorts = {
  redisPort: base,
  podPorts: [base + 1, base + 2],
  metricsPorts: [base + 3, base + 4],
  httpsPort: base + 43,
  httpPort: base + 80,
  /** Plain-HTTP nginx that holds event streams back (buffering-proxy.ts). */
  bufferingProxyPort: base + 81,
};

/** nginx in front of both pods (TLS + HTTP/2). */
export const clusterURL = `https://localhost:${clusterPorts.httpsPort}`;
/** Both pods behind a proxy that holds event streams back, as some corporate proxies do. */
export const bufferingProxyURL = `http://localhost:${clusterPorts.bufferingProxyPort}`;
/** The second pod directly, so a second user's stream is on a known pod and events must cross Redis. */
export const podURL = (index: number): string => `http://localhost:${clusterPorts.podPorts[index]}`;

/** The cluster's working directory (Redis data, nginx config and logs). */
export const clusterWorkDir = path.join(os.tmpdir(), `corkboard-e2e-cluster-${clusterPorts.httpsPort}`);
/** Every line both pods wrote during the run, so a test can check what the server logged. */
export const clusterLogFile = path.join(clusterWorkDir, 'pods.log');
