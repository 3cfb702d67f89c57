import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { RedisService } from '../redis/redis.service';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly redis: RedisService,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    if (!this.redis.enabled) {
      return indicator.up({ mode: 'memory' });
    }
    try {
      // Raced against a timeout: ioredis would otherwise wait out a reconnect.
      const latencyMs = await this.redis.ping();
      return indicator.up({ latencyMs: Math.round(latencyMs * 100) / 100 });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : 'unreachable' });
    }
  }
}
