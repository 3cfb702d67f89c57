import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { BoardsModule } from '../boards/boards.module';
import { EventsModule } from '../events/events.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { BoardSnapshotController } from './board-snapshot.controller';
import { NotesController } from './notes.controller';
import { NotesService } from './notes.service';
import { TrashController } from './trash.controller';
import { TrashService } from './trash.service';

@Module({
  imports: [BoardsModule, EventsModule, IdempotencyModule, RateLimitModule],
  controllers: [BoardSnapshotController, NotesController, TrashController],
  providers: [NotesService, TrashService],
  exports: [NotesService],
})
export class NotesModule {}
