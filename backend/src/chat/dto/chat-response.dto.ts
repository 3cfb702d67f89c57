import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ChatMessage, Conversation, MessagePage } from '../../../../contracts/chat';
import { PublicUserDto } from '../../auth/dto/auth-response.dto';
import { EncryptedContentDto } from '../../keys/dto/encrypted-content.dto';
import { AttachmentDto } from '../../attachments/dto/attachment.dto';

export class ChatMessageDto implements ChatMessage {
  @ApiProperty({ example: '1763790000000-0' }) id!: string;
  @ApiProperty({ example: 'board:8c0e…' }) roomId!: string;
  @ApiProperty() userId!: string;
  @ApiPropertyOptional({ description: 'Plain text; absent on encrypted conversations' }) content?: string;
  @ApiPropertyOptional({ type: EncryptedContentDto, description: 'Encrypted conversations only: ciphertext the server cannot read' })
  encrypted?: EncryptedContentDto;
  @ApiPropertyOptional({ type: [AttachmentDto], description: 'Metadata of the files it carries, never the bytes' })
  attachments?: AttachmentDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional() clientId?: string;
}

export class MessagePageDto implements MessagePage {
  @ApiProperty({ type: [ChatMessageDto], description: 'Newest first' }) messages!: ChatMessageDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as ?before= for older messages; null when there are none' })
  nextBefore!: string | null;
}

export class ConversationDto implements Conversation {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: [PublicUserDto] }) participants!: PublicUserDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: ChatMessageDto, nullable: true }) lastMessage!: ChatMessageDto | null;
  @ApiProperty({ description: 'Messages by others after your read marker, capped at 100' }) unreadCount!: number;
  @ApiProperty({ description: 'End-to-end encrypted: messages carry `encrypted`, never `content`' }) encrypted!: boolean;
}
