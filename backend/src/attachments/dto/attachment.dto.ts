import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { Attachment, UploadAttachmentQuery } from '../../../../contracts/attachments';

const ROOM = /^(board|conversation):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class UploadAttachmentQueryDto implements UploadAttachmentQuery {
  @ApiProperty({ example: 'board:8c0e2c3e-…', description: 'board:<id> or conversation:<id>; you must be a member' })
  @Matches(ROOM, { message: 'room must be board:<id> or conversation:<id>' })
  room!: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Required ("true") for encrypted conversations, refused elsewhere' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'encrypted must be true or false' })
  encrypted?: 'true' | 'false';
}

class ThumbnailSizeDto {
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
}

export class AttachmentDto implements Attachment {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Cleaned file name; "encrypted" for encrypted conversations' }) name!: string;
  @ApiProperty({ description: 'Bytes as stored' }) size!: number;
  @ApiProperty({ example: 'image/png', description: 'Sniffed from the content' }) mime!: string;
  @ApiProperty({ description: 'hex SHA-256 of the stored bytes (also the download ETag)' }) sha256!: string;
  @ApiPropertyOptional({ type: ThumbnailSizeDto, description: 'Set when GET /api/attachments/:id/thumbnail has a WebP thumbnail' })
  thumbnail?: ThumbnailSizeDto;
  @ApiPropertyOptional({ description: 'Opaque ciphertext of an encrypted conversation' }) encrypted?: boolean;
}

/** The multipart body, for the API docs. */
export const UPLOAD_BODY_SCHEMA = {
  type: 'object',
  required: ['file'],
  properties: { file: { type: 'string', format: 'binary', description: 'The file (one part named "file")' } },
};
