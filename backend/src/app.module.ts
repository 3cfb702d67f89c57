import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { BoardsModule } from './boards/boards.module';
import { CallsModule } from './calls/calls.module';
import { AppConfig } from './config/app-config';
import { ChatModule } from './chat/chat.module';
import { ConfigModule } from './config/config.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { MetricsModule } from './metrics/metrics.module';
import { loggerOptions } from './logging/logger-options';
import { NotesModule } from './notes/notes.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PresenceModule } from './presence/presence.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { KeysModule } from './keys/keys.module';
import { RedisModule } from './redis/redis.module';
import { TimerModule } from './timer/timer.module';
import { UsersModule } from './users/users.module';
import { VotesModule } from './votes/votes.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        LifecycleModule,
        MetricsModule,
        RedisModule,
        UsersModule,
        RateLimitModule,
        AuthModule,
        EventsModule,
        NotificationsModule,
        BoardsModule,
        NotesModule,
        ChatModule,
        KeysModule,
        PresenceModule,
        CallsModule,
        TimerModule,
        VotesModule,
        JobsModule,
        HealthModule,
        AdminModule,
      ],
    };
  }
}
