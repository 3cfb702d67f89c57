import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ChatMessage, Conversation, MessagePage } from '../../../contracts/chat';
import type { Actor } from '../users/actor';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParam } from '../common/uuid-param';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { ChatService } from './chat.service';
import { ConversationLeaveService } from './conversation-leave.service';
import { CHAT_LIMIT, CONVERSATION_LIMIT, READ_MARKER_LIMIT, TYPING_LIMIT } from './chat-limit';
import { CreateConversationDto, MessagePageQueryDto, PostMessageDto, ReadMarkerDto } from './dto/chat.dto';
import { ChatMessageDto, ConversationDto, MessagePageDto } from './dto/chat-response.dto';

/** Direct and group conversations on `conversation:<id>` channels, readable by participants only. */
@ApiTags('chat')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('conversations')
export class ConversationsController {
  constructor(
    private readonly chat: ChatService,
    private readonly leaving: ConversationLeaveService,
  ) {}

  @Post()
  @RateLimit(CONVERSATION_LIMIT)
  @ApiCreatedResponse({ type: ConversationDto, description: 'New conversation (201) — or the existing one of the same people (200)' })
  @ApiOkResponse({ type: ConversationDto, description: 'The existing conversation of exactly these people' })
  @ApiErrors(400, 401, 404, 429)
  async start(
    @CurrentActor() user: Actor,
    @Body() body: CreateConversationDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Conversation> {
    const { conversation, created } = await this.chat.startConversation(user, body.usernames, body.encrypted ?? true);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return conversation;
  }

  @Get()
  @ApiOkResponse({ type: [ConversationDto], description: 'Mine, most recent activity first, with last message and unread count' })
  @ApiErrors(401)
  list(@CurrentActor() user: Actor): Promise<Conversation[]> {
    return this.chat.listConversations(user);
  }

  @Get(':id')
  @ApiOkResponse({ type: ConversationDto })
  @ApiErrors(400, 401, 403, 404)
  one(@CurrentActor() user: Actor, @UuidParam('id') id: string): Promise<Conversation> {
    return this.chat.conversation(user, id);
  }

  @Post(':id/messages')
  @RateLimit(CHAT_LIMIT)
  @Idempotent()
  @ApiCreatedResponse({
    type: ChatMessageDto,
    description: 'Publishes chat.message on conversation:<id>, conversation.activity to every participant',
  })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  async post(@CurrentActor() user: Actor, @UuidParam('id') id: string, @Body() body: PostMessageDto): Promise<ChatMessage> {
    return this.chat.post(user, await this.chat.conversationRoom(user, id), body);
  }

  @Delete(':id/messages/:messageId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RateLimit(CHAT_LIMIT)
  @ApiNoContentResponse({
    description: 'Its author only: deletes the message and its attachments; publishes chat.message_deleted on conversation:<id>',
  })
  @ApiErrors(400, 401, 403, 404, 429)
  async deleteMessage(@CurrentActor() user: Actor, @UuidParam('id') id: string, @Param('messageId') messageId: string): Promise<void> {
    await this.chat.deleteMessage(user, await this.chat.conversationRoom(user, id), messageId);
  }

  @Get(':id/messages')
  @ApiOkResponse({ type: MessagePageDto })
  @ApiErrors(400, 401, 403, 404)
  async page(@CurrentActor() user: Actor, @UuidParam('id') id: string, @Query() query: MessagePageQueryDto): Promise<MessagePage> {
    return this.chat.page(await this.chat.conversationRoom(user, id), query.before, query.limit);
  }

  @Post(':id/typing')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RateLimit(TYPING_LIMIT)
  @ApiNoContentResponse({ description: 'Publishes an ephemeral chat.typing (at most one per user and room every 2 s)' })
  @ApiErrors(400, 401, 403, 404, 429)
  async typing(@CurrentActor() user: Actor, @UuidParam('id') id: string): Promise<void> {
    await this.chat.typing(user, await this.chat.conversationRoom(user, id));
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RateLimit(READ_MARKER_LIMIT)
  @ApiNoContentResponse({ description: 'Moves your read marker forward; publishes chat.read on your user channel' })
  @ApiErrors(400, 401, 403, 404, 429)
  async read(@CurrentActor() user: Actor, @UuidParam('id') id: string, @Body() body: ReadMarkerDto): Promise<void> {
    await this.chat.markRead(user, await this.chat.conversationRoom(user, id), body.messageId);
  }

  @Delete(':id/participants/me')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RateLimit(CONVERSATION_LIMIT)
  @ApiNoContentResponse({
    description:
      'Leave a group conversation (three people or more; 409 otherwise). Your open streams stop carrying it at once ' +
      '(channel.revoked, reason left), on every pod; an encrypted conversation needs a new key before its next message.',
  })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  async leave(@CurrentActor() user: Actor, @UuidParam('id') id: string): Promise<void> {
    await this.leaving.leave(user, id);
  }
}
