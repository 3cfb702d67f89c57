import { Controller, Get, Headers, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Attachment, INLINE_IMAGE_TYPES } from '../../../contracts/attachments';
import { CurrentActor } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParam } from '../common/uuid-param';
import { AppConfig } from '../config/app-config';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import type { Actor } from '../users/actor';
import { FileTooLargeError } from './attachments.errors';
import { DOWNLOAD_LIMIT, MULTIPART_OVERHEAD_BYTES, UPLOAD_LIMIT } from './attachments.limits';
import type { AttachmentRecord } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { AttachmentDto, UPLOAD_BODY_SCHEMA, UploadAttachmentQueryDto } from './dto/attachment.dto';
import { contentDisposition } from './file-name';
import { receiveFile } from './multipart-file';

const DOWNLOAD_DESCRIPTION =
  'The bytes, for current members of the room (before it is sent: its uploader only). `Content-Disposition: attachment` ' +
  'except for inline-safe images; `Content-Security-Policy: sandbox`; ETag is the SHA-256 (304 on If-None-Match)';

/** Files in chat: uploaded first, then named by a message's attachmentIds. */
@ApiTags('attachments')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('attachments')
export class AttachmentsController {
  constructor(
    private readonly attachments: AttachmentsService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @RateLimit(UPLOAD_LIMIT)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_BODY_SCHEMA })
  @ApiCreatedResponse({
    type: AttachmentDto,
    description:
      'Stored, unsent: name it in a message’s attachmentIds (unsent uploads expire). Images in board rooms and unencrypted conversations get a thumbnail',
  })
  @ApiErrors(400, 401, 403, 404, 413, 415, 429, 503)
  async upload(@CurrentActor() user: Actor, @Query() query: UploadAttachmentQueryDto, @Req() request: Request): Promise<Attachment> {
    const { maxBytes } = this.config.attachments;
    const { room, release } = await this.attachments.admit(user, query.room, query.encrypted === 'true');
    try {
      if (Number(request.headers['content-length']) > maxBytes + MULTIPART_OVERHEAD_BYTES) {
        throw new FileTooLargeError(maxBytes);
      }
      return await receiveFile(request, maxBytes, (file) => this.attachments.upload(user, room, file));
    } finally {
      release();
    }
  }

  @Get(':id')
  @RateLimit(DOWNLOAD_LIMIT)
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: DOWNLOAD_DESCRIPTION, schema: { type: 'string', format: 'binary' } })
  @ApiNotModifiedResponse({ description: 'If-None-Match named the current ETag' })
  @ApiErrors(400, 401, 403, 404, 429)
  async download(
    @CurrentActor() user: Actor,
    @UuidParam('id') id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const record = await this.attachments.authorize(user, id);
    const inline = INLINE_IMAGE_TYPES.includes(record.mime);
    await this.send(response, record, ifNoneMatch, 'file', {
      type: record.mime === 'text/plain' ? 'text/plain; charset=utf-8' : record.mime,
      length: record.size,
      disposition: contentDisposition(inline ? 'inline' : 'attachment', record.name),
    });
  }

  @Get(':id/thumbnail')
  @RateLimit(DOWNLOAD_LIMIT)
  @ApiProduces('image/webp')
  @ApiOkResponse({ description: 'A WebP within 320×320, same access as the file', schema: { type: 'string', format: 'binary' } })
  @ApiNotModifiedResponse({ description: 'If-None-Match named the current ETag' })
  @ApiErrors(400, 401, 403, 404, 429)
  async thumbnail(
    @CurrentActor() user: Actor,
    @UuidParam('id') id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const record = await this.attachments.authorize(user, id);
    await this.send(response, record, ifNoneMatch, 'thumbnail', {
      type: 'image/webp',
      disposition: contentDisposition('inline', `${record.name.replace(/\.[^.]*$/, '')}-thumbnail.webp`),
    });
  }

  private async send(
    response: Response,
    record: AttachmentRecord,
    ifNoneMatch: string | undefined,
    which: 'file' | 'thumbnail',
    headers: { type: string; length?: number; disposition: string },
  ): Promise<void> {
    const etag = `"${record.sha256}${which === 'thumbnail' ? '-thumbnail' : ''}"`;
    response.setHeader('ETag', etag);
    response.setHeader('Cache-Control', 'private');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
    if (
      ifNoneMatch !== undefined &&
      (ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag))
    ) {
      response.status(HttpStatus.NOT_MODIFIED).end();
      return;
    }
    const body: Readable = await this.attachments.open(record, which);
    response.status(HttpStatus.OK);
    response.setHeader('Content-Type', headers.type);
    response.setHeader('Content-Disposition', headers.disposition);
    if (headers.length !== undefined) {
      response.setHeader('Content-Length', String(headers.length));
    }
    await pipeline(body, response);
  }
}
