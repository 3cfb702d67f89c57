import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Device } from '../../../contracts/encryption';
import type { Actor } from '../users/actor';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParam } from '../common/uuid-param';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { DeviceIdParam } from './device-id.param';
import { DeviceListQueryDto, PublishDeviceDto } from './dto/keys.dto';
import { DeviceDto } from './dto/keys-response.dto';
import { DEVICE_LIMIT } from './keys-limit';
import { KeysService } from './keys.service';

/** Devices of end-to-end encrypted conversations: public keys only, made and kept in the browser. */
@ApiTags('keys')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('keys/devices')
export class DevicesController {
  constructor(private readonly keys: KeysService) {}

  @Put(':deviceId')
  @RateLimit(DEVICE_LIMIT)
  @ApiCreatedResponse({
    type: DeviceDto,
    description:
      'Published (201; 409 when the id is taken by other keys or a removed device); device.added goes to your user channel and those of everyone sharing a conversation with you',
  })
  @ApiOkResponse({ type: DeviceDto, description: 'The same keys were published already (idempotent)' })
  @ApiErrors(400, 401, 409, 429)
  async publish(
    @CurrentActor() user: Actor,
    @DeviceIdParam() deviceId: string,
    @Body() body: PublishDeviceDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Device> {
    const { device, created } = await this.keys.publishDevice(user, deviceId, body);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return device;
  }

  @Get()
  @ApiOkResponse({ type: [DeviceDto], description: 'Your current devices (and removed ones with include=retired), oldest first' })
  @ApiErrors(400, 401)
  mine(@CurrentActor() user: Actor, @Query() query: DeviceListQueryDto): Promise<Device[]> {
    return this.keys.myDevices(user, query.include === 'retired');
  }

  @Delete(':deviceId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RateLimit(DEVICE_LIMIT)
  @ApiNoContentResponse({
    description:
      'Removed: it is retired (its public keys stay listed with include=retired, its id is never reused); conversations whose current key it could read need a new key (rotationNeeded); publishes device.removed',
  })
  @ApiErrors(400, 401, 404, 429)
  async remove(@CurrentActor() user: Actor, @DeviceIdParam() deviceId: string): Promise<void> {
    await this.keys.removeDevice(user, deviceId);
  }
}

/** Anyone signed in may read a user's public device keys: they are what others encrypt to. */
@ApiTags('keys')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('users')
export class UserDevicesController {
  constructor(private readonly keys: KeysService) {}

  @Get(':id/devices')
  @ApiOkResponse({
    type: [DeviceDto],
    description: "The user's current devices (public keys only; removed ones too with include=retired), oldest first",
  })
  @ApiErrors(400, 401, 404)
  devices(@UuidParam('id') id: string, @Query() query: DeviceListQueryDto): Promise<Device[]> {
    return this.keys.devicesOf(id, query.include === 'retired');
  }
}
