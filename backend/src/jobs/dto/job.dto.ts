import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Equals, IsIn, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { ERROR_CODES, type ErrorCode } from '../../../../contracts/errors';
import { EXPORT_FORMATS, IMPORT_ROW_PROBLEMS, JOB_TYPES, type ImportRowProblem } from '../../../../contracts/jobs';
import type { CreateJobRequest, ExportFormat, ExportParams, Job, JobStatus, JobType } from '../../../../contracts/jobs';

export class ExportParamsDto implements ExportParams {
  @ApiPropertyOptional({ format: 'uuid', description: 'One board; omit to export all your boards (ZIP)' })
  @IsOptional()
  @IsUUID('4', { message: 'params.boardId must be a board id' })
  boardId?: string;

  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS, { message: `params.format must be one of ${EXPORT_FORMATS.join(', ')}` })
  format!: ExportFormat;
}

export class CreateJobDto implements CreateJobRequest {
  @ApiProperty({ enum: ['board.export'], description: 'Imports are uploaded to POST /api/jobs/import' })
  @Equals('board.export', { message: 'type must be board.export (imports go to POST /api/jobs/import)' })
  type!: 'board.export';

  @ApiProperty({ type: ExportParamsDto })
  // ValidateNested alone lets a missing params through to the service.
  @IsObject({ message: 'params must be an object such as {"format": "json"}' })
  @ValidateNested()
  @Type(() => ExportParamsDto)
  params!: ExportParamsDto;
}

/** `POST /api/jobs/import?boardId=…`: in the query so it is checked before the upload is read. */
export class ImportQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'boardId must be a board id' })
  boardId!: string;
}

export class JobAcceptedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['queued'] }) status!: 'queued';
}

export class ImportRowErrorDto {
  @ApiProperty() row!: number;
  @ApiProperty({ enum: IMPORT_ROW_PROBLEMS, description: 'Stable reason; clients show their own text for it' }) problem!: ImportRowProblem;
  @ApiProperty() message!: string;
}

export class ImportReportDto {
  @ApiProperty() imported!: number;
  @ApiProperty({ type: [ImportRowErrorDto], description: 'The first 100 failed rows' }) failed!: ImportRowErrorDto[];
  @ApiProperty({ description: 'Every failed row, listed or not' }) failedCount!: number;
}

export class JobDto implements Job {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: JOB_TYPES }) type!: JobType;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed', 'cancelled'] }) status!: JobStatus;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress!: number;
  @ApiProperty() processed!: number;
  @ApiProperty() total!: number;
  @ApiProperty() message!: string;
  @ApiPropertyOptional() error?: string;
  @ApiPropertyOptional({ enum: ERROR_CODES, description: 'Why a failed job failed; clients show their own text for it' })
  errorCode?: ErrorCode;
  @ApiPropertyOptional() resultUrl?: string;
  @ApiPropertyOptional({ format: 'date-time' }) resultExpiresAt?: string;
  @ApiPropertyOptional({ type: ImportReportDto }) report?: ImportReportDto;
  @ApiProperty({ type: 'object', additionalProperties: true }) params!: Job['params'];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) startedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) finishedAt?: string;
}
