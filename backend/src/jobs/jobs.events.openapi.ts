import { getSchemaPath } from '@nestjs/swagger';
import { type EventSchemas, objectSchema as obj, stringSchema as string } from '../events/events.openapi';
import { JobDto } from './dto/job.dto';

const job = { $ref: getSchemaPath(JobDto) };

export const JOB_EVENT_SCHEMAS: EventSchemas<
  'job.queued' | 'job.state' | 'job.progress' | 'job.completed' | 'job.failed' | 'job.cancelled'
> = {
  models: [JobDto],
  data: {
    'job.queued': obj({ job }),
    'job.state': obj({ job }),
    'job.progress': obj({
      jobId: string,
      progress: { type: 'integer', minimum: 0, maximum: 100 },
      processed: { type: 'integer' },
      total: { type: 'integer' },
      message: string,
    }),
    'job.completed': obj({ jobId: string, resultUrl: string, job }),
    'job.failed': obj({ jobId: string, error: string, job }),
    'job.cancelled': obj({ jobId: string, job }),
  },
};
