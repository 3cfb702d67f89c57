import { generateKeyPairSync, sign } from 'node:crypto';
import type { PublicJwk } from '../../../contracts/encryption';
import { base64UrlBytes, publicJwkProblem, verifiesSignature } from './key-material';

const pair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwkOf = (keys: ReturnType<typeof pair>): PublicJwk => keys.publicKey.export({ format: 'jwk' }) as unknown as PublicJwk;

describe('key material checks', () => {
  it('reads canonical unpadded base64url only', () => {
    expect(base64UrlBytes('AQID')).toEqual(Buffer.from([1, 2, 3]));
    expect(base64UrlBytes('AQI')).toEqual(Buffer.from([1, 2]));
    expect(base64UrlBytes('AQI=')).toBeUndefined();
    expect(base64UrlBytes('AQJ')).toBeUndefined();
    expect(base64UrlBytes('A+/=')).toBeUndefined();
    expect(base64UrlBytes(42)).toBeUndefined();
  });

  it('accepts a P-256 public JWK and says what is wrong with anything else', () => {
    const keys = pair();
    const jwk = jwkOf(keys);
    expect(publicJwkProblem(jwk)).toBeUndefined();
    expect(publicJwkProblem({ ...jwk, ext: true, key_ops: [] })).toBeUndefined();
    expect(publicJwkProblem(keys.privateKey.export({ format: 'jwk' }))).toMatch(/private/);
    expect(publicJwkProblem({ ...jwk, crv: 'P-384' })).toMatch(/P-256/);
    expect(publicJwkProblem({ ...jwk, kty: 'RSA' })).toMatch(/P-256/);
    expect(publicJwkProblem({ ...jwk, x: jwk.x.slice(1) })).toMatch(/32 bytes/);
    expect(publicJwkProblem('key')).toMatch(/object/);
    // A valid-looking x with y = x is (almost surely) off the curve.
    expect(publicJwkProblem({ ...jwk, y: jwk.x })).toMatch(/curve/);
  });

  it('verifies P1363 ECDSA signatures over the exact text', () => {
    const keys = pair();
    const signature = sign('sha256', Buffer.from('hello'), { key: keys.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
    expect(verifiesSignature(jwkOf(keys), 'hello', signature)).toBe(true);
    expect(verifiesSignature(jwkOf(keys), 'hello!', signature)).toBe(false);
    expect(verifiesSignature(jwkOf(pair()), 'hello', signature)).toBe(false);
    const der = sign('sha256', Buffer.from('hello'), keys.privateKey).toString('base64url');
    expect(verifiesSignature(jwkOf(keys), 'hello', der)).toBe(false);
  });
});
