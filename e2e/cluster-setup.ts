import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { type BufferingProxy, startBufferingProxy } from './buffering-proxy';
import { clusterLogFile, clusterPorts, clusterWorkDir } from './cluster-ports';
import { authLimits, callSettings, jobPacing } from './server-env';

interface Cluster {
  stop(): Promise<void>;
}

/**
 * Redis mode: redis-server + two pods + nginx (TLS, HTTP/2) from the built app, for the
 * `redis` project, and a second nginx in front of the same pods that holds event streams
 * back, for the `buffering-proxy` project. Runs in Playwright's main process, so the cluster
 * outlives every worker.
 */
export default async function startE2eCluster(): Promise<() => Promise<void>> {
  const script = pathToFileURL(path.resolve(__dirname, '..', 'scripts', 'cluster.mjs')).href;
  const { startCluster } = (await import(script)) as { startCluster: (options: object) => Promise<Cluster> };
  const { bufferingProxyPort, ...ports } = clusterPorts;
  const workDir = clusterWorkDir;
  mkdirSync(workDir, { recursive: true });
  const podLog = createWriteStream(clusterLogFile, { flags: 'w' });
  const cluster = await startCluster({
    ...ports,
    workDir,
    freshRedis: true,
    // Production's level: the pods' log goes to a file only, and encryption.spec.ts checks it holds no plaintext.
    env: { LOG_LEVEL: 'info', ...jobPacing, ...authLimits, ...callSettings },
    log: (line: string, isError: boolean) => {
      podLog.write(`${line}\n`);
      if (isError) {
        process.stderr.write(`${line}\n`);
      }
    },
  });
  let proxy: BufferingProxy;
  try {
    proxy = await startBufferingProxy({
      dir: path.join(workDir, 'buffering-proxy'),
      port: bufferingProxyPort,
      upstreams: clusterPorts.podPorts,
    });
  } catch (error) {
    await cluster.stop();
    podLog.end();
    throw error;
  }
  return async () => {
    await proxy.stop();
    await cluster.stop();
    podLog.end();
  };
}
