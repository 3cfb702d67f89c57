// After `ng build`: let the service worker take index.html as the server sends it.
//
// The server fills a fresh CSP nonce into every page, so index.html never matches the hash
// Angular wrote into ngsw.json, and the worker would throw it away (or fail its version). An
// asset with no hash is trusted as fetched and, as the server marks it no-cache, revalidated in the
// background after each use: the cached page always carries the nonce of its own cached CSP header.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifestPath = resolve(process.argv[2] ?? join(root, 'dist', 'frontend', 'browser', 'ngsw.json'));
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const index = manifest.index ?? '/index.html';

if (!manifest.assetGroups?.some((group) => group.urls.includes(index))) {
  throw new Error(`${manifestPath}: ${index} is in no asset group, so the app would not start offline`);
}
delete manifest.hashTable[index];
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`${manifestPath}: ${index} is cached without a hash check`);
