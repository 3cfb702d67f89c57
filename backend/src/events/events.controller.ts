import {
  Body,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  HttpStatus,
  MessageEvent,
  Post,
  Query,
  Req,
  Sse,
  SseSignal,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { EMPTY, Observable } from 'rxjs';
import { userChannel } from '../../../contracts/channels';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { PingDto } from './dto/ping.dto';
import { EventBus } from './event-bus';
import { eventEnvelopeSchema, pollResponseSchema } from './events.openapi';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { POLL_LIMIT } from './poll-limit';
import { PollService } from './poll.service';
import { StreamService } from './stream.service';

@ApiTags('events')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('events')
export class EventsController {
  constructor(
    private readonly streams: StreamService,
    private readonly polls: PollService,
    private readonly bus: EventBus,
  ) {}

  // Nest runs guards, answers errors with a status before the first byte and sends the
  // headers; then the stream service takes the socket over (see sse-socket-adapter.ts).
  @Sse()
  @ApiOperation({
    summary: 'One Server-Sent Events stream carrying every channel the tab needs',
    description:
      "Always includes the caller's own `user:<id>` channel. Each event is `id: <cursor>`, `event: <type>`, " +
      '`data: <envelope JSON>`; the id is a resume cursor for all channels of the stream. Resume with the ' +
      '`Last-Event-ID` header (sent by EventSource itself) or `?lastEventId=`. See docs/channels.md for every event.',
  })
  @ApiQuery({ name: 'channel', required: false, isArray: true, type: String, description: 'e.g. board:<id>; repeat for more' })
  @ApiQuery({ name: 'lastEventId', required: false, type: String, description: 'Resume cursor, for clients that reconnect by hand' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'text/event-stream of event envelopes (see docs/channels.md)',
    content: { 'text/event-stream': { schema: eventEnvelopeSchema() } },
  })
  @ApiErrors(400, 401, 403, 429, 503)
  stream(
    @CurrentUser() user: AuthUser,
    @Query('channel') channel: string | string[] | undefined,
    @Query('lastEventId') lastEventIdQuery: string | string[] | undefined,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Req() request: Request,
    @SseSignal() signal: AbortSignal,
  ): Promise<Observable<MessageEvent>> {
    const requested = channel === undefined ? [] : Array.isArray(channel) ? channel : [channel];
    if (request.res === undefined) {
      return Promise.resolve(EMPTY);
    }
    return this.streams.open(user, requested, lastEventIdHeader ?? lastEventIdQuery, request.res, signal);
  }

  // Answered with the body as PollService wrote it: the events are JSON already, serialised once at publish.
  @Get('poll')
  @RateLimit(POLL_LIMIT)
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOperation({
    summary: "Long-poll fallback: the stream's channels and cursor, answered once as JSON",
    description:
      'For networks that hold a stream back (buffering proxies). Same channels, authorisation, caps and refusals as ' +
      '`GET /api/events`, and the same cursor: the SSE `id` is a valid `cursor` and the returned `cursor` a valid ' +
      '`Last-Event-ID`. Events waiting after the cursor are answered at once (at most 500, the cursor right after ' +
      'them); otherwise the request is held until events arrive (then about 50 ms more are gathered) or `wait` ' +
      'seconds pass (then `events` is empty and the cursor unchanged). A cursor that history no longer covers is ' +
      'answered at once with `reset`. See docs/channels.md.',
  })
  @ApiQuery({ name: 'channel', required: false, isArray: true, type: String, description: 'e.g. board:<id>; repeat for more' })
  @ApiQuery({
    name: 'cursor',
    required: false,
    type: String,
    description: 'The last cursor returned (or SSE id seen); at most 8192 characters',
  })
  @ApiQuery({ name: 'wait', required: false, type: 'integer', description: 'Longest hold in seconds, 0 to 30 (default 25)' })
  @ApiOkResponse({ description: 'Events after the cursor and the cursor past them', schema: pollResponseSchema() })
  @ApiErrors(400, 401, 403, 429, 503)
  poll(
    @CurrentUser() user: AuthUser,
    @Query('channel') channel: unknown,
    @Query('cursor') cursor: unknown,
    @Query('wait') wait: unknown,
    @Req() request: Request,
  ): Promise<string> {
    if (request.res === undefined) {
      return Promise.resolve('');
    }
    return this.polls.poll(user, { channel, cursor, wait }, request.res);
  }

  @Post('ping')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Publishes a `pong` with your timestamp on your own user channel (latency check)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 503)
  async ping(@CurrentUser() user: AuthUser, @Body() body: PingDto): Promise<void> {
    await this.bus.publish(userChannel(user.id), 'pong', { clientTime: body.clientTime, serverTime: new Date().toISOString() }, user.id, {
      ephemeral: true,
    });
  }
}
