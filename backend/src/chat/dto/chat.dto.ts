import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { MAX_MESSAGE_LENGTH } from '../../../../contracts/chat';
import { stripControls } from '../../common/text';
import { IsClientId } from '../../common/validation';
import type { CreateConversationRequest, PostMessageRequest } from '../../../../contracts/chat';

const MESSAGE_ID = /^\d{1,20}-\d{1,20}$/;

export class PostMessageDto implements PostMessageRequest {
  @ApiProperty({
    minLength: 1,
    maxLength: MAX_MESSAGE_LENGTH,
    description: 'Plain text; trimmed, line breaks and tabs kept, other control characters removed. Mention members with @username.',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? stripControls(value).trim() : value))
  @IsString({ message: 'content must be text' })
  @Length(1, MAX_MESSAGE_LENGTH, { message: `content must be 1 to ${MAX_MESSAGE_LENGTH} characters after trimming` })
  content!: string;

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
}
