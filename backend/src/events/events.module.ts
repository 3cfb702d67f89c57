import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { RedisService } from '../redis/redis.service';
import { AccessRevocations } from './access-revocations';
import { ChannelRegistry } from './channel-registry';
import { ConnectionsService } from './connections.service';
import { EventBus } from './event-bus';
import { MemoryEventBus } from './event-bus.memory';
import { RedisEventBus } from './event-bus.redis';
import { EventsController } from './events.controller';
import { PollService } from './poll.service';
import { StreamService } from './stream.service';

/**
 * The realtime core: the event bus, channel authorization, and the streams that serve it. Not
 * @Global: it is not plumbing every module needs the way config, redis, metrics, logging and
 * lifecycle are, but a dependency of the features that publish events or own channel kinds, and
 * importing it explicitly shows which those are (the coming calls module will be one).
 */
@Module({
  imports: [RateLimitModule],
  controllers: [EventsController],
  providers: [
    {
      provide: EventBus,
      inject: [AppConfig, RedisService, MetricsService],
      useFactory: async (config: AppConfig, redis: RedisService, metrics: MetricsService): Promise<EventBus> => {
        if (!redis.enabled) {
          return new MemoryEventBus(config);
        }
        const bus = new RedisEventBus(redis, config, metrics);
        await bus.connect();
        return bus;
      },
    },
    ChannelRegistry,
    ConnectionsService,
    StreamService,
    PollService,
    AccessRevocations,
  ],
  exports: [EventBus, ChannelRegistry, ConnectionsService, StreamService, AccessRevocations],
})
export class EventsModule {}
