import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  type AddWrappedKeysRequest,
  type CreateContentKeyRequest,
  DEVICE_ID_PATTERN,
  KEY_ID_PATTERN,
  type KeyRequest,
  MAX_DEVICES_PER_USER,
  type PublicJwk,
  type PublishDeviceRequest,
  type WrappedKey,
} from '../../../../contracts/encryption';
import { IsSafeName, stripControls } from '../../common/text';
import { IsBase64UrlOfBytes, IsP256PublicJwk } from './key-validators';
import { PublicJwkDto } from './keys-response.dto';

const ID_MESSAGE = 'must be 16 to 64 characters of A-Z a-z 0-9 _ -';
/** A conversation has at most 20 participants, each with at most MAX_DEVICES_PER_USER devices. */
const MAX_WRAPS = 20 * MAX_DEVICES_PER_USER;
const MAX_REQUESTED_KEYS = 50;

/** GET device lists: `include=retired` adds removed devices, whose keys still verify and unwrap their past. */
export class DeviceListQueryDto {
  @ApiPropertyOptional({
    enum: ['retired'],
    description: 'Also list removed devices (marked `removedAt`): only to check signatures and unwrap keys they made before',
  })
  @IsOptional()
  @IsIn(['retired'], { message: 'include must be retired' })
  include?: 'retired';
}

export class PublishDeviceDto implements PublishDeviceRequest {
  @ApiProperty({ type: PublicJwkDto, description: 'ECDH P-256 public key (JWK): content keys are wrapped for this device with it' })
  @IsP256PublicJwk('ecdhPublicKey')
  ecdhPublicKey!: PublicJwk;

  @ApiProperty({ type: PublicJwkDto, description: 'ECDSA P-256 public key (JWK): verifies what this device signs' })
  @IsP256PublicJwk('signingPublicKey')
  signingPublicKey!: PublicJwk;

  @ApiProperty({ minLength: 1, maxLength: 64, example: 'Firefox on Linux', description: 'Control characters are removed, then trimmed' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? stripControls(value).replace(/\s+/g, ' ').trim() : value))
  @IsString({ message: 'name must be text' })
  @Length(1, 64, { message: 'name must be 1 to 64 characters' })
  // Contacts see the name next to a safety number: no text-direction tricks.
  @IsSafeName('name')
  name!: string;
}

export class WrappedKeyDto implements WrappedKey {
  @ApiProperty({ pattern: DEVICE_ID_PATTERN.source, description: 'The device that can unwrap it' })
  @Matches(DEVICE_ID_PATTERN, { message: `wrappedKeys.deviceId ${ID_MESSAGE}` })
  deviceId!: string;

  @ApiProperty({ pattern: DEVICE_ID_PATTERN.source, description: 'Your device that wrapped it' })
  @Matches(DEVICE_ID_PATTERN, { message: `wrappedKeys.senderDeviceId ${ID_MESSAGE}` })
  senderDeviceId!: string;

  @ApiProperty({ description: 'base64url of the AES-KW output (40 bytes)' })
  @IsBase64UrlOfBytes('wrappedKeys.wrappedKey', 40)
  wrappedKey!: string;

  @ApiProperty({ description: 'base64url ECDSA P-256 / SHA-256 signature (64 bytes, IEEE P1363) over wrapSignedBytes' })
  @IsBase64UrlOfBytes('wrappedKeys.signature', 64)
  signature!: string;
}

export class AddWrappedKeysDto implements AddWrappedKeysRequest {
  @ApiProperty({ type: [WrappedKeyDto], maxItems: MAX_WRAPS })
  @IsArray({ message: 'wrappedKeys must be a list' })
  @ArrayMinSize(1, { message: 'wrappedKeys must hold at least one wrap' })
  @ArrayMaxSize(MAX_WRAPS, { message: `wrappedKeys holds at most ${MAX_WRAPS} wraps` })
  @ValidateNested({ each: true })
  @Type(() => WrappedKeyDto)
  wrappedKeys!: WrappedKeyDto[];
}

export class CreateContentKeyDto extends AddWrappedKeysDto implements CreateContentKeyRequest {
  @ApiProperty({ pattern: KEY_ID_PATTERN.source })
  @Matches(KEY_ID_PATTERN, { message: `keyId ${ID_MESSAGE}` })
  keyId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The current key this one replaces; null for the first key (409 when stale)' })
  @ValidateIf((_object, value) => value !== null)
  @Matches(KEY_ID_PATTERN, { message: `previousKeyId must be null or a key id (${ID_MESSAGE})` })
  previousKeyId!: string | null;
}

export class KeyRequestDto implements KeyRequest {
  @ApiProperty({ pattern: DEVICE_ID_PATTERN.source, description: 'Your device that wants the keys' })
  @Matches(DEVICE_ID_PATTERN, { message: `deviceId ${ID_MESSAGE}` })
  deviceId!: string;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_REQUESTED_KEYS, description: 'All keys when absent' })
  @IsOptional()
  @IsArray({ message: 'keyIds must be a list' })
  @ArrayMaxSize(MAX_REQUESTED_KEYS, { message: `keyIds holds at most ${MAX_REQUESTED_KEYS} ids` })
  @Matches(KEY_ID_PATTERN, { each: true, message: `each keyId ${ID_MESSAGE}` })
  keyIds?: string[];
}

export class DeviceKeysQueryDto {
  @ApiProperty({ pattern: DEVICE_ID_PATTERN.source, description: 'Your device: the keys wrapped for it' })
  @Matches(DEVICE_ID_PATTERN, { message: `deviceId ${ID_MESSAGE}` })
  deviceId!: string;
}
