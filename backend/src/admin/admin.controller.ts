import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator';
import { AppConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';
import { ConnectionsService } from '../events/connections.service';
import { EventBus } from '../events/event-bus';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { AdminGuard } from './admin.guard';

export class StreamCountsDto {
  @ApiProperty({ description: 'Server-Sent Events streams open on this pod (the same number as `connections`)' }) sse!: number;
  @ApiProperty({ description: 'Long polls held open on this pod, waiting for events' }) poll!: number;
}

export class AdminHealthDto {
  @ApiProperty() version!: string;
  @ApiProperty({ description: 'Seconds since this pod started' }) uptimeSeconds!: number;
  @ApiProperty({ enum: ['memory', 'redis'] }) mode!: 'memory' | 'redis';
  @ApiPropertyOptional({ description: 'PING round trip in ms; null when Redis does not answer', nullable: true, type: Number })
  redisLatencyMs?: number | null;
  @ApiProperty() draining!: boolean;
  @ApiProperty({ description: 'Resident set size of this pod in bytes' }) rssBytes!: number;
  @ApiProperty({ description: 'SSE streams open on this pod' }) connections!: number;
  @ApiProperty({ type: StreamCountsDto, description: 'Open connections by transport' }) streams!: StreamCountsDto;
  @ApiProperty({ description: 'Channels this pod listens to for its streams' }) channels!: number;
}

@ApiTags('admin')
@ApiBearerAuth()
@ApiCookieAuth()
@UseGuards(AdminGuard)
@Controller('admin')
export class AdminController {
  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisService,
    private readonly lifecycle: LifecycleService,
    private readonly connections: ConnectionsService,
    private readonly bus: EventBus,
  ) {}

  @Get('health')
  @ApiOkResponse({ type: AdminHealthDto })
  @ApiErrors(401, 403)
  async health(): Promise<AdminHealthDto> {
    return {
      version: this.config.version,
      uptimeSeconds: Math.round((Date.now() - this.lifecycle.startedAt) / 1000),
      mode: this.redis.enabled ? 'redis' : 'memory',
      redisLatencyMs: this.redis.enabled ? await this.redis.ping().catch(() => null) : undefined,
      draining: this.lifecycle.draining,
      rssBytes: process.memoryUsage.rss(),
      connections: this.connections.openCount,
      streams: this.connections.openByTransport,
      channels: this.bus.activeChannels,
    };
  }
}
