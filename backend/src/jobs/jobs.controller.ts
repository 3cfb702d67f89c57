import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  MessageEvent,
  Post,
  Query,
  Req,
  Res,
  Sse,
  SseSignal,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EMPTY, Observable } from 'rxjs';
import { MAX_IMPORT_BYTES } from '../../../contracts/jobs';
import type { Job, JobAccepted } from '../../../contracts/jobs';
import type { AuthUser } from '../auth/auth-user';
import { CurrentActor, CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParam } from '../common/uuid-param';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { WRITE_LIMIT } from '../rate-limit/write-limit';
import type { Actor } from '../users/actor';
import { CreateJobDto, ImportQueryDto, JobAcceptedDto, JobDto } from './dto/job.dto';
import { ImportAdmissionGuard } from './import-admission.guard';
import { JobStreamService } from './job-stream.service';
import { JobsService, UploadedImport } from './jobs.service';
import { TERMINAL } from './jobs.repository';

@ApiTags('jobs')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly jobStreams: JobStreamService,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @RateLimit(WRITE_LIMIT)
  @ApiOperation({ summary: 'Start a board export; follow it on your user channel or GET /api/jobs/:id/events' })
  @ApiAcceptedResponse({ type: JobAcceptedDto })
  @ApiErrors(400, 401, 403, 404, 429, 503)
  create(@CurrentActor() user: Actor, @Body() body: CreateJobDto): Promise<JobAccepted> {
    return this.jobs.startExport(user, body.params);
  }

  @Post('import')
  @HttpCode(HttpStatus.ACCEPTED)
  // Listed first, so it runs after the rate limit; both run before the upload is read.
  @UseGuards(ImportAdmissionGuard)
  @RateLimit(WRITE_LIMIT)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5 } }))
  @ApiOperation({
    summary: 'Import notes from a CSV (text,x,y,color) or JSON file (≤ 5 MB) into a board',
    description:
      'The board is named in the query, so membership, the job cap and the room on the board are checked before the file is read. ' +
      'A file with more rows than the board has room for is refused with 400.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiAcceptedResponse({ type: JobAcceptedDto })
  @ApiErrors(400, 401, 403, 404, 413, 415, 429, 503)
  import(
    @CurrentActor() user: Actor,
    @Query() query: ImportQueryDto,
    @UploadedFile() file: UploadedImport | undefined,
  ): Promise<JobAccepted> {
    return this.jobs.startImport(user, query.boardId, file);
  }

  @Get()
  @ApiOkResponse({ type: [JobDto], description: 'Your jobs, newest first' })
  @ApiErrors(401)
  list(@CurrentActor() user: Actor): Promise<Job[]> {
    return this.jobs.list(user);
  }

  @Get(':id')
  @ApiOkResponse({ type: JobDto })
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentActor() user: Actor, @UuidParam('id') id: string): Promise<Job> {
    return this.jobs.get(user, id);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Cancel: a queued job at once, a running one at its next checkpoint (job.cancelled follows)' })
  @ApiOkResponse({ type: JobDto })
  @ApiErrors(400, 401, 403, 404, 409)
  cancel(@CurrentActor() user: Actor, @UuidParam('id') id: string): Promise<Job> {
    return this.jobs.cancel(user, id);
  }

  @Get(':id/result')
  @ApiOperation({ summary: 'Download the result file (owner only; expires after JOB_RESULT_TTL)' })
  @ApiProduces('application/json', 'text/csv', 'text/markdown', 'application/zip')
  @ApiOkResponse({ description: 'The file, as an attachment' })
  @ApiErrors(400, 401, 403, 404, 409, 410)
  async result(@CurrentActor() user: Actor, @UuidParam('id') id: string, @Res() response: Response): Promise<void> {
    const result = await this.jobs.result(user, id);
    response.setHeader('Content-Type', result.contentType);
    response.setHeader('Content-Disposition', `attachment; filename="${result.fileName}"`);
    response.setHeader('Cache-Control', 'private, no-store');
    response.send(result.body);
  }

  @Sse(':id/events')
  @ApiOperation({
    summary: 'A finite event stream for one job: job.state, job.progress…, then one terminal event, then the stream ends',
    description: 'A reconnect (Last-Event-ID) after the job ended is answered 204, which tells EventSource to stop. Handy with `curl -N`.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream of job events' })
  @ApiNoContentResponse({ description: 'The job already ended and this is a reconnect' })
  @ApiErrors(400, 401, 403, 404, 429, 503)
  async events(
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: Request,
    @SseSignal() signal: AbortSignal,
  ): Promise<Observable<MessageEvent>> {
    if (lastEventId !== undefined) {
      const job = await this.jobs.owned(user, id);
      // EventSource reconnects after every finished stream: 204 ends that loop.
      if (TERMINAL.has(job.status)) {
        // Nest's SSE pipeline leaves a response that has already ended alone.
        request.res?.status(HttpStatus.NO_CONTENT).end();
        return EMPTY;
      }
    }
    if (request.res === undefined) {
      return EMPTY;
    }
    return this.jobStreams.open(user, id, request.res, signal);
  }
}
