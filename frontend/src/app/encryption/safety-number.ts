import type { PublicJwk } from '@contracts/encryption';

import { utf8 } from './base64url';

const GROUPS = 12;
const GROUP_BYTES = 5;

/**
 * A contact's safety number: SHA-512 over their devices' signing public keys, sorted so that
 * the order the server lists them in does not matter, read out as 12 groups of 5 digits (as
 * Signal does). Any device added or removed changes it.
 */
export async function safetyNumber(userId: string, signingKeys: readonly PublicJwk[]): Promise<string> {
  const keys = signingKeys.map((key) => `${key.x}.${key.y}`).sort();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-512', utf8(['corkboard/safety-number/v1', userId, ...keys].join('\n'))));
  const groups: string[] = [];
  for (let group = 0; group < GROUPS; group++) {
    let value = 0;
    for (let i = 0; i < GROUP_BYTES; i++) {
      value = value * 256 + digest[group * GROUP_BYTES + i];
    }
    groups.push(String(value % 100_000).padStart(5, '0'));
  }
  return groups.join(' ');
}
