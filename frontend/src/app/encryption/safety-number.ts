import type { PublicJwk } from '@contracts/encryption';

import { utf8 } from './base64url';

const GROUPS = 12;

/**
 * A contact's safety number, as docs/encryption.md recommends: SHA-256 over their devices'
 * signing public keys (one `deviceId:x:y` line each, sorted by device id, so the order the
 * server lists them in does not matter), read out as 12 groups of 5 digits. Any device added
 * or removed changes it.
 */
export async function safetyNumber(userId: string, devices: readonly { id: string; signingPublicKey: PublicJwk }[]): Promise<string> {
  const lines = [...devices]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((device) => `${device.id}:${device.signingPublicKey.x}:${device.signingPublicKey.y}`)
    .join('\n');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(`corkboard/safety/v1\n${userId}\n${lines}`)));
  const groups: string[] = [];
  for (let group = 0; group < GROUPS; group++) {
    groups.push(String(digest[2 * group] * 256 + digest[2 * group + 1]).padStart(5, '0'));
  }
  return groups.join(' ');
}
