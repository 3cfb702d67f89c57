import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { DEVICE_ID_PATTERN, type EncryptedContent, KEY_ID_PATTERN, MAX_CIPHERTEXT_LENGTH } from '../../../../contracts/encryption';
import { IsBase64UrlOfBytes } from './key-validators';

/** A message of an encrypted conversation: checked for shape and size here, for key and signature by the service. */
export class EncryptedContentDto implements EncryptedContent {
  @ApiProperty({ pattern: KEY_ID_PATTERN.source, description: "The conversation's current content key" })
  @Matches(KEY_ID_PATTERN, { message: 'encrypted.keyId must be 16 to 64 characters of A-Z a-z 0-9 _ -' })
  keyId!: string;

  @ApiProperty({ pattern: DEVICE_ID_PATTERN.source, description: 'One of your current devices: its signing key verifies `signature`' })
  @Matches(DEVICE_ID_PATTERN, { message: 'encrypted.senderDeviceId must be 16 to 64 characters of A-Z a-z 0-9 _ -' })
  senderDeviceId!: string;

  @ApiProperty({ description: 'base64url of the 12-byte AES-GCM nonce', example: 'AAECAwQFBgcICQoL' })
  @IsBase64UrlOfBytes('encrypted.iv', 12)
  iv!: string;

  @ApiProperty({ maxLength: MAX_CIPHERTEXT_LENGTH, description: 'base64url of AES-GCM(JSON EncryptedMessageBody), tag included' })
  @IsString({ message: 'encrypted.ciphertext must be base64url text' })
  @MaxLength(MAX_CIPHERTEXT_LENGTH, { message: `encrypted.ciphertext must be at most ${MAX_CIPHERTEXT_LENGTH} characters` })
  @Matches(/^[A-Za-z0-9_-]{24,}$/, { message: 'encrypted.ciphertext must be base64url (no padding) of at least 17 bytes' })
  ciphertext!: string;

  @ApiProperty({ description: 'base64url ECDSA P-256 / SHA-256 signature (64 bytes, IEEE P1363) over messageSignedBytes' })
  @IsBase64UrlOfBytes('encrypted.signature', 64)
  signature!: string;
}
