import { Body, Controller, Headers, HttpCode, HttpStatus, MessageEvent, Post, Query, Req, Sse, SseSignal } from '@nestjs/common';
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
import { eventEnvelopeSchema } from './events.openapi';
import { StreamService } from './stream.service';

@ApiTags('events')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('events')
export class EventsController {
  constructor(
    private readonly streams: StreamService,
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
