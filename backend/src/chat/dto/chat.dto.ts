import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MAX_ATTACHMENTS_PER_MESSAGE } from '../../../../contracts/attachments';
import { MAX_MESSAGE_LENGTH } from '../../../../contracts/chat';
import { stripControls } from '../../common/text';
import { IsClientId } from '../../common/validation';
import { EncryptedContentDto } from '../../keys/dto/encrypted-content.dto';
import type { CreateConversationRequest, PostMessageRequest } from '../../../../contracts/chat';

const MESSAGE_ID = /^\d{1,20}-\d{1,20}$/;
const MAX_MENTIONS = 20;

export class PostMessageDto implements PostMessageRequest {
  @ApiPropertyOptional({
    maxLength: MAX_MESSAGE_LENGTH,
    description:
      'Plain text (board rooms, unencrypted conversations); trimmed, line breaks and tabs kept, other control characters removed. ' +
      'Mention members with @username. May be empty when the message has attachments. Refused on encrypted conversations.',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? stripControls(value).trim() : value))
  @ValidateIf((_object, value) => value !== undefined)
  @IsString({ message: 'content must be text' })
  @Length(0, MAX_MESSAGE_LENGTH, { message: `content must be at most ${MAX_MESSAGE_LENGTH} characters after trimming` })
  content?: string;

  @ApiPropertyOptional({ type: EncryptedContentDto, description: 'Encrypted conversations only (required there): see docs/encryption.md' })
  @ValidateIf((_object, value) => value !== undefined)
  @ValidateNested()
  @Type(() => EncryptedContentDto)
  encrypted?: EncryptedContentDto;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_MENTIONS,
    description: 'Encrypted conversations only: the participants the message mentions (notified without text)',
  })
  @IsOptional()
  @IsArray({ message: 'mentions must be a list of user ids' })
  @ArrayMaxSize(MAX_MENTIONS, { message: `mentions holds at most ${MAX_MENTIONS} user ids` })
  @IsUUID('4', { each: true, message: 'each mention must be a user id' })
  mentions?: string[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_ATTACHMENTS_PER_MESSAGE,
    description: 'Ids from POST /api/attachments: uploaded by you for this room and not sent yet',
  })
  @IsOptional()
  @IsArray({ message: 'attachmentIds must be a list of attachment ids' })
  @ArrayMaxSize(MAX_ATTACHMENTS_PER_MESSAGE, { message: `a message carries at most ${MAX_ATTACHMENTS_PER_MESSAGE} attachments` })
  @ArrayUnique({ message: 'attachmentIds must not repeat an id' })
  @IsUUID('4', { each: true, message: 'each attachment id must be a UUID' })
  attachmentIds?: string[];

  @ApiPropertyOptional({ maxLength: 64, description: 'Echoed in the message and its event, to match an optimistic send' })
  @IsOptional()
  @IsClientId()
  clientId?: string;
}

export class MessagePageQueryDto {
  @ApiPropertyOptional({ description: 'Return messages older than this id (the previous page’s nextBefore)' })
  @IsOptional()
  @Matches(MESSAGE_ID, { message: 'before must be a message id' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ReadMarkerDto {
  @ApiProperty({ description: 'The newest message id you have seen' })
  @Matches(MESSAGE_ID, { message: 'messageId must be a message id' })
  messageId!: string;
}

export class CreateConversationDto implements CreateConversationRequest {
  @ApiProperty({ type: [String], example: ['grace'], description: 'The other participants (1 to 19)' })
  @IsArray()
  @ArrayMinSize(1, { message: 'usernames must name at least one person' })
  @ArrayMaxSize(19, { message: 'a conversation has at most 20 participants' })
  @IsString({ each: true })
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? (value as unknown[]).map((item) => (typeof item === 'string' ? item.trim().toLowerCase() : item)) : value,
  )
  @Matches(/^[a-z0-9_.-]{3,32}$/, { each: true, message: 'each username must be 3 to 32 characters of a-z, 0-9, _ . -' })
  usernames!: string[];

  @ApiPropertyOptional({ default: true, description: 'End-to-end encrypted; only applies when the conversation is new' })
  @IsOptional()
  @IsBoolean({ message: 'encrypted must be true or false' })
  encrypted?: boolean;
}
