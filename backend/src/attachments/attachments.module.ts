import { Module, type OnModuleInit } from '@nestjs/common';
import { join } from 'node:path';
import { boardChannel } from '../../../contracts/channels';
import { BoardAccess } from '../boards/board-access';
import { BoardsModule } from '../boards/boards.module';
import { AppConfig } from '../config/app-config';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { storageProvider } from '../redis/storage-provider';
import { AttachmentRooms } from './attachment-rooms';
import { AttachmentsController } from './attachments.controller';
import { MemoryAttachmentsRepository } from './attachments.memory.repository';
import { RedisAttachmentsRepository } from './attachments.redis.repository';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { BlobStorage } from './blob-storage';
import { FsBlobStorage } from './blob-storage.fs';
import { S3BlobStorage } from './blob-storage.s3';
import { UploadGate } from './upload-gate';

@Module({
  imports: [BoardsModule, RateLimitModule],
  controllers: [AttachmentsController],
  providers: [
    storageProvider(AttachmentsRepository, MemoryAttachmentsRepository, RedisAttachmentsRepository),
    {
      provide: BlobStorage,
      inject: [AppConfig],
      useFactory: ({ attachments }: AppConfig): BlobStorage =>
        attachments.storage === 's3' && attachments.s3
          ? new S3BlobStorage(attachments.s3)
          : new FsBlobStorage(join(attachments.dataDir, 'attachments')),
    },
    AttachmentRooms,
    UploadGate,
    AttachmentsService,
  ],
  // Chat registers its rooms, claims attachments for messages and deletes them with messages.
  exports: [AttachmentsService, AttachmentRooms],
})
export class AttachmentsModule implements OnModuleInit {
  constructor(
    private readonly boards: BoardAccess,
    private readonly attachments: AttachmentsService,
  ) {}

  onModuleInit(): void {
    this.boards.onBoardDeleted((boardId) => this.attachments.deleteRoom(boardChannel(boardId)));
  }
}
