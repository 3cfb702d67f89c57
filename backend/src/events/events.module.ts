import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { RedisService } from '../redis/redis.service';
import { AccessRevocations } from './access-revocations';
import { ChannelRegistry } from './channel-registry';
import { ConnectionsService } from './connections.service';
import { EventBus } from './event-bus';
import { MemoryEventBus } from './event-bus.memory';
import { RedisEventBus } from './event-bus.redis';
import { EventsController } from './events.controller';
import { StreamService } from './stream.service';

@Global()
@Module({
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
    AccessRevocations,
  ],
  exports: [EventBus, ChannelRegistry, ConnectionsService, StreamService, AccessRevocations],
})
export class EventsModule {}
