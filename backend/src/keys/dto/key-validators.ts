import { ValidateBy } from 'class-validator';
import { isBase64UrlOfLength, publicJwkProblem } from '../key-material';

/** base64url without padding of exactly `bytes` bytes. */
export function IsBase64UrlOfBytes(field: string, bytes: number): PropertyDecorator {
  return ValidateBy({
    name: 'isBase64UrlOfBytes',
    validator: {
      validate: (value: unknown) => isBase64UrlOfLength(value, bytes),
      defaultMessage: () => `${field} must be base64url (no padding) of ${bytes} bytes`,
    },
  });
}

/** An EC P-256 public JWK whose point is on the curve, without private members. */
export function IsP256PublicJwk(field: string): PropertyDecorator {
  return ValidateBy({
    name: 'isP256PublicJwk',
    validator: {
      validate: (value: unknown) => publicJwkProblem(value) === undefined,
      defaultMessage: (args) => `${field} ${publicJwkProblem(args?.value) ?? 'must be an EC P-256 public JWK'}`,
    },
  });
}
