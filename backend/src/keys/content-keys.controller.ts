import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ConversationKeys } from '../../../contracts/encryption';
import type { Actor } from '../users/actor';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParam } from '../common/uuid-param';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { KeyIdParam } from './device-id.param';
import { AddWrappedKeysDto, CreateContentKeyDto, DeviceKeysQueryDto, KeyRequestDto } from './dto/keys.dto';
import { ConversationKeysDto, WrapsAddedDto } from './dto/keys-response.dto';
import { CONTENT_KEY_LIMIT, KEY_REQUEST_LIMIT } from './keys-limit';
import { KeysService } from './keys.service';

/**
 * Content keys of end-to-end encrypted conversations, wrapped per device. Participants only (403,
 * 404 unknown conversation); 409 when the conversation is not encrypted.
 */
@ApiTags('keys')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('conversations')
export class ContentKeysController {
  constructor(private readonly keys: KeysService) {}

  @Post(':id/keys')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RateLimit(CONTENT_KEY_LIMIT)
  @ApiNoContentResponse({
    description:
      'The new current key (compare-and-swap on previousKeyId: 409 when stale). Wrapped for every current device of every ' +
      'participant (409 lists the missing ones), each wrap signed by one of your devices (400). Publishes conversation.key_rotated ' +
      "to every participant's user channel and clears rotationNeeded.",
  })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  async create(@CurrentActor() user: Actor, @UuidParam('id') id: string, @Body() body: CreateContentKeyDto): Promise<void> {
    await this.keys.createKey(user, id, body.keyId, body.previousKeyId, body.wrappedKeys);
  }

  @Get(':id/keys')
  @ApiOkResponse({ type: ConversationKeysDto, description: 'Every key of the conversation wrapped for that device of yours' })
  @ApiErrors(400, 401, 403, 404, 409)
  keysFor(@CurrentActor() user: Actor, @UuidParam('id') id: string, @Query() query: DeviceKeysQueryDto): Promise<ConversationKeys> {
    return this.keys.keysFor(user, id, query.deviceId);
  }

  @Post(':id/keys/:keyId/wrapped')
  @HttpCode(HttpStatus.OK)
  @RateLimit(CONTENT_KEY_LIMIT)
  @ApiOkResponse({
    type: WrapsAddedDto,
    description:
      "Answers a key request: wraps of an existing key for more devices (a device that has it keeps its first wrap). Publishes conversation.key_shared to each new device's owner.",
  })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  async addWraps(
    @CurrentActor() user: Actor,
    @UuidParam('id') id: string,
    @KeyIdParam() keyId: string,
    @Body() body: AddWrappedKeysDto,
  ): Promise<WrapsAddedDto> {
    return { deviceIds: await this.keys.addWraps(user, id, keyId, body.wrappedKeys) };
  }

  @Post(':id/key-requests')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RateLimit(KEY_REQUEST_LIMIT)
  @ApiNoContentResponse({ description: "Publishes conversation.key_requested to every participant's user channel" })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  async request(@CurrentActor() user: Actor, @UuidParam('id') id: string, @Body() body: KeyRequestDto): Promise<void> {
    await this.keys.requestKeys(user, id, body.deviceId, body.keyIds);
  }
}
