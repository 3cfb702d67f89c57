import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { EventsModule } from '../events/events.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { storageProvider } from '../redis/storage-provider';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthThrottle } from './auth-throttle';
import { AuthGuard } from './auth.guard';
import { AuthService, JWT_ALGORITHM } from './auth.service';
import { CsrfMiddleware } from './csrf.middleware';
import { MemoryRevocationStore } from './revocation.memory.store';
import { RedisRevocationStore } from './revocation.redis.store';
import { RevocationStore } from './revocation.store';

@Module({
  imports: [
    UsersModule,
    EventsModule,
    RateLimitModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A key object, not the string: given a string, jsonwebtoken first tries (and fails) to
        // parse it as a public key on every verify, which made opening a stream cost ~0.5 ms.
        secret: createSecretKey(Buffer.from(config.jwtSecret)),
        signOptions: { algorithm: JWT_ALGORITHM },
        verifyOptions: { algorithms: [JWT_ALGORITHM] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    AuthThrottle,
    storageProvider(RevocationStore, MemoryRevocationStore, RedisRevocationStore),
    AuthGuard,
    // The stream route (events/stream-route.ts) runs this same instance before Nest's router.
    { provide: APP_GUARD, useExisting: AuthGuard },
  ],
  exports: [AuthService, AuthGuard],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CsrfMiddleware).forRoutes('{*path}');
  }
}
