import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';
import type { PublicJwk } from '../../../contracts/encryption';

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The bytes of unpadded base64url text, or undefined when it isn't canonical base64url. */
export function base64UrlBytes(value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || !BASE64URL.test(value) || value.length % 4 === 1) {
    return undefined;
  }
  const bytes = Buffer.from(value, 'base64url');
  // Node ignores stray trailing bits; the round trip refuses two spellings of one value.
  return bytes.toString('base64url') === value ? bytes : undefined;
}

export const isBase64UrlOfLength = (value: unknown, bytes: number): boolean => base64UrlBytes(value)?.length === bytes;

/** Why a value is not an EC P-256 public JWK on the curve, or undefined when it is one. */
export function publicJwkProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'must be a JWK object';
  }
  const jwk = value as Record<string, unknown>;
  if ('d' in jwk) {
    return 'must be a public key: a private member (d) was sent';
  }
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') {
    return 'must be an EC P-256 key (kty "EC", crv "P-256")';
  }
  if (!isBase64UrlOfLength(jwk.x, 32) || !isBase64UrlOfLength(jwk.y, 32)) {
    return 'must have x and y of 32 bytes each, base64url without padding';
  }
  try {
    createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x as string, y: jwk.y as string }, format: 'jwk' });
  } catch {
    return 'is not a point on the P-256 curve';
  }
  return undefined;
}

/** Only the public members, whatever else the browser's export carried (ext, key_ops). */
export const publicJwk = (jwk: PublicJwk): PublicJwk => ({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y });

/** ECDSA P-256 / SHA-256 with a 64-byte IEEE P1363 signature, as WebCrypto makes it. */
export function verifiesSignature(signingKey: PublicJwk, signedText: string, signature: string): boolean {
  const bytes = base64UrlBytes(signature);
  if (bytes?.length !== 64) {
    return false;
  }
  try {
    const key = createPublicKey({ key: publicJwk(signingKey) as JsonWebKey, format: 'jwk' });
    return verify('sha256', Buffer.from(signedText, 'utf8'), { key, dsaEncoding: 'ieee-p1363' }, bytes);
  } catch {
    return false;
  }
}
