import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ContentKeyForDevice, ConversationKeys, Device, PublicJwk, WrappedKey } from '../../../../contracts/encryption';

export class PublicJwkDto implements PublicJwk {
  @ApiProperty({ enum: ['EC'] }) kty!: 'EC';
  @ApiProperty({ enum: ['P-256'] }) crv!: 'P-256';
  @ApiProperty({ description: 'base64url of 32 bytes' }) x!: string;
  @ApiProperty({ description: 'base64url of 32 bytes' }) y!: string;
}

export class DeviceDto implements Device {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: PublicJwkDto }) ecdhPublicKey!: PublicJwkDto;
  @ApiProperty({ type: PublicJwkDto }) signingPublicKey!: PublicJwkDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Removed by its owner (only listed with include=retired)' })
  removedAt?: string;
}

export class WrappedKeyViewDto implements WrappedKey {
  @ApiProperty() deviceId!: string;
  @ApiProperty() senderDeviceId!: string;
  @ApiProperty({ description: 'base64url, 40 bytes' }) wrappedKey!: string;
  @ApiProperty({ description: 'base64url, 64 bytes' }) signature!: string;
}

export class ContentKeyForDeviceDto implements ContentKeyForDevice {
  @ApiProperty() keyId!: string;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'New messages must use this key' }) current!: boolean;
  @ApiProperty({ type: WrappedKeyViewDto }) wrapped!: WrappedKeyViewDto;
}

export class ConversationKeysDto implements ConversationKeys {
  @ApiProperty({ type: String, nullable: true }) currentKeyId!: string | null;
  @ApiProperty({ description: 'The current key must be replaced before the next message' }) rotationNeeded!: boolean;
  @ApiProperty({ type: [ContentKeyForDeviceDto] }) keys!: ContentKeyForDeviceDto[];
}

export class WrapsAddedDto {
  @ApiProperty({ type: [String], description: 'The devices that got the key now (others had it already)' }) deviceIds!: string[];
}
