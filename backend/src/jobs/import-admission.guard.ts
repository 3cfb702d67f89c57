import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthenticatedRequest } from '../auth/current-user.decorator';
import { CodedValidationPipe } from '../common/validation-pipe';
import { ImportQueryDto } from './dto/job.dto';
import { JobsService } from './jobs.service';

const validation = new CodedValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false });

/**
 * Guards run before interceptors, so this runs before FileInterceptor reads the upload:
 * a non-member, a user at the job cap or a full board is refused before a byte of the
 * file is read. The board is therefore named in the query string, not in the form.
 */
@Injectable()
export class ImportAdmissionGuard implements CanActivate {
  constructor(private readonly jobs: JobsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    if (!request.user) {
      return false;
    }
    const query = (await validation.transform(request.query, { type: 'query', metatype: ImportQueryDto })) as ImportQueryDto;
    await this.jobs.admitImport(request.user, query.boardId);
    return true;
  }
}
