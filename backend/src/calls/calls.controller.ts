import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ActiveCalls, Call, CallConfig, CallHistoryPage, CallResponse } from '../../../contracts/calls';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParam } from '../common/uuid-param';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import type { Actor } from '../users/actor';
import { CALL_OFFER_LIMIT, CALL_SIGNAL_LIMIT } from './calls-limit';
import { CallsService } from './calls.service';
import { ActiveCallsDto, CallConfigDto, CallDto, CallHistoryPageDto, CallResponseDto } from './dto/call-response.dto';
import { ActiveCallsQueryDto, CallAnswerDto, CallHistoryQueryDto, CallIdDto, CallOfferDto, IceCandidatesDto } from './dto/calls.dto';

/** WebRTC signalling for 1:1 calls: POST in, call events out on both parties' `user:` channels. */
@ApiTags('calls')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('calls')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @Post('offer')
  @RateLimit(CALL_OFFER_LIMIT)
  @ApiCreatedResponse({
    type: CallResponseDto,
    description:
      'Rings the callee: call.offer on their user channel. After glare the call may come back ended (reason glare); call.ended names the survivor',
  })
  @ApiErrors(400, 401, 403, 409, 413, 429)
  async offer(@CurrentActor() actor: Actor, @Body() body: CallOfferDto): Promise<CallResponse> {
    return { call: await this.calls.offer(actor, body) };
  }

  @Post('answer')
  @HttpCode(HttpStatus.OK)
  @RateLimit(CALL_SIGNAL_LIMIT)
  @ApiOkResponse({
    type: CallResponseDto,
    description: 'call.answer to the caller, call.answered to every tab of both; 409 for a second answer',
  })
  @ApiErrors(400, 401, 403, 404, 409, 413, 429)
  async answer(@CurrentActor() actor: Actor, @Body() body: CallAnswerDto): Promise<CallResponse> {
    return { call: await this.calls.answer(actor, body.callId, body.sdp, body.deviceId) };
  }

  @Post('ice-candidate')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RateLimit(CALL_SIGNAL_LIMIT)
  @ApiNoContentResponse({ description: 'call.ice-candidate to the other party' })
  @ApiErrors(400, 401, 404, 409, 413, 429)
  async iceCandidate(@CurrentActor() actor: Actor, @Body() body: IceCandidatesDto): Promise<void> {
    await this.calls.iceCandidates(actor, body.callId, body.candidates, body.deviceId);
  }

  @Post('decline')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RateLimit(CALL_SIGNAL_LIMIT)
  @ApiNoContentResponse({ description: 'call.ended {reason: declined} to both (callee only, while it rings)' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  async decline(@CurrentActor() actor: Actor, @Body() body: CallIdDto): Promise<void> {
    await this.calls.decline(actor, body.callId);
  }

  @Post('end')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RateLimit(CALL_SIGNAL_LIMIT)
  @ApiNoContentResponse({ description: 'call.ended to both: cancelled (caller, ringing), declined (callee, ringing) or hangup' })
  @ApiErrors(400, 401, 404, 409, 429)
  async end(@CurrentActor() actor: Actor, @Body() body: CallIdDto): Promise<void> {
    await this.calls.end(actor, body.callId);
  }

  @Get('config')
  @ApiOkResponse({ type: CallConfigDto, description: 'ICE servers (STUN, TURN) for RTCPeerConnection and the ring timeout' })
  @ApiErrors(401)
  config(): CallConfig {
    return this.calls.configFor();
  }

  @Get('history')
  @ApiOkResponse({ type: CallHistoryPageDto })
  @ApiErrors(400, 401)
  history(@CurrentActor() actor: Actor, @Query() query: CallHistoryQueryDto): Promise<CallHistoryPage> {
    return this.calls.history(actor, query.before, query.limit);
  }

  @Get()
  @ApiOkResponse({ type: ActiveCallsDto, description: 'Your ringing or active call, so a reloaded tab can rejoin' })
  @ApiErrors(400, 401)
  active(@CurrentActor() actor: Actor, @Query() _query: ActiveCallsQueryDto): Promise<ActiveCalls> {
    return this.calls.active(actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: CallDto, description: 'To the two parties only (404 to anyone else)' })
  @ApiErrors(400, 401, 404)
  one(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<Call> {
    return this.calls.get(actor, id);
  }
}
