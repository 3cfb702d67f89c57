import { createHmac, randomUUID } from 'node:crypto';
import { TEST_JWT_SECRET } from './test-app';

/** A JWT signed as the test pods sign theirs, with whatever claims a test needs (forged or odd ones too). */
export function signHs256(payload: object, secret = TEST_JWT_SECRET): string {
  const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** A valid session token for `userId` that expires in `seconds` (token-expiry tests). */
export function shortLivedToken(userId: string, seconds: number): string {
  return signHs256({ sub: userId, exp: Math.floor(Date.now() / 1000) + seconds, jti: randomUUID(), sid: randomUUID(), sat: Date.now() });
}
