import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ChatMessage, MessagePage } from '../../../contracts/chat';
import type { Actor } from '../users/actor';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParam } from '../common/uuid-param';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { ChatService } from './chat.service';
import { CHAT_LIMIT, READ_MARKER_LIMIT, TYPING_LIMIT } from './chat-limit';
import { MessagePageQueryDto, PostMessageDto, ReadMarkerDto } from './dto/chat.dto';
import { ChatMessageDto, MessagePageDto } from './dto/chat-response.dto';

/** Every board has a chat room on its own channel, for its members. */
@ApiTags('chat')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('boards/:id')
export class BoardChatController {
  constructor(private readonly chat: ChatService) {}

  @Post('messages')
  @RateLimit(CHAT_LIMIT)
  @Idempotent()
  @ApiCreatedResponse({ type: ChatMessageDto, description: 'Publishes chat.message on board:<id>; @mentions notify members' })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  async post(@CurrentActor() user: Actor, @UuidParam('id') id: string, @Body() body: PostMessageDto): Promise<ChatMessage> {
    return this.chat.post(user, await this.chat.boardRoom(user, id), body);
  }

  @Delete('messages/:messageId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RateLimit(CHAT_LIMIT)
  @ApiNoContentResponse({
    description: 'Its author or the board’s owner: deletes the message and its attachments; publishes chat.message_deleted on board:<id>',
  })
  @ApiErrors(400, 401, 403, 404, 429)
  async deleteMessage(@CurrentActor() user: Actor, @UuidParam('id') id: string, @Param('messageId') messageId: string): Promise<void> {
    await this.chat.deleteMessage(user, await this.chat.boardRoom(user, id), messageId);
  }

  @Get('messages')
  @ApiOkResponse({ type: MessagePageDto })
  @ApiErrors(400, 401, 403, 404)
  async page(@CurrentActor() user: Actor, @UuidParam('id') id: string, @Query() query: MessagePageQueryDto): Promise<MessagePage> {
    return this.chat.page(await this.chat.boardRoom(user, id), query.before, query.limit);
  }

  @Post('typing')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RateLimit(TYPING_LIMIT)
  @ApiNoContentResponse({ description: 'Publishes an ephemeral chat.typing (at most one per user and room every 2 s)' })
  @ApiErrors(400, 401, 403, 404, 429)
  async typing(@CurrentActor() user: Actor, @UuidParam('id') id: string): Promise<void> {
    await this.chat.typing(user, await this.chat.boardRoom(user, id));
  }

  @Post('read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RateLimit(READ_MARKER_LIMIT)
  @ApiNoContentResponse({ description: 'Moves your read marker forward; publishes chat.read on your user channel' })
  @ApiErrors(400, 401, 403, 404, 429)
  async read(@CurrentActor() user: Actor, @UuidParam('id') id: string, @Body() body: ReadMarkerDto): Promise<void> {
    await this.chat.markRead(user, await this.chat.boardRoom(user, id), body.messageId);
  }
}
