import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  type CallAnswerRequest,
  type CallIdRequest,
  type CallMedia,
  type CallOfferRequest,
  type IceCandidate,
  type IceCandidatesRequest,
  MAX_ICE_CANDIDATES_PER_BATCH,
  MAX_SDP_LENGTH,
} from '../../../../contracts/calls';

const MEDIA: readonly CallMedia[] = ['audio', 'video'];
// A tab's own id (crypto.randomUUID() or similar): short and log-safe.
const DEVICE_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const DEVICE_ID_MESSAGE = 'deviceId must be 1 to 64 characters of A-Z a-z 0-9 _ . : -';
const SDP_MESSAGE = `sdp must be 1 to ${MAX_SDP_LENGTH} characters`;

export class CallOfferDto implements CallOfferRequest {
  @ApiProperty({ format: 'uuid', description: 'Someone you share a board or a conversation with' })
  @IsUUID('4', { message: 'calleeId must be a user id' })
  calleeId!: string;

  @ApiProperty({ enum: MEDIA })
  @IsIn(MEDIA, { message: 'media must be audio or video' })
  media!: CallMedia;

  @ApiProperty({ maxLength: MAX_SDP_LENGTH, description: 'The SDP offer' })
  @IsString({ message: 'sdp must be text' })
  @Length(1, MAX_SDP_LENGTH, { message: SDP_MESSAGE })
  sdp!: string;

  @ApiPropertyOptional({ maxLength: 64, description: 'The calling tab, named in its ICE candidates' })
  @IsOptional()
  @Matches(DEVICE_ID, { message: DEVICE_ID_MESSAGE })
  deviceId?: string;
}

export class CallAnswerDto implements CallAnswerRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'callId must be a call id' })
  callId!: string;

  @ApiProperty({ maxLength: MAX_SDP_LENGTH, description: 'The SDP answer' })
  @IsString({ message: 'sdp must be text' })
  @Length(1, MAX_SDP_LENGTH, { message: SDP_MESSAGE })
  sdp!: string;

  @ApiProperty({ maxLength: 64, description: 'The answering tab: the callee’s other tabs show “answered on another device”' })
  @Matches(DEVICE_ID, { message: DEVICE_ID_MESSAGE })
  deviceId!: string;
}

export class IceCandidateDto implements IceCandidate {
  @ApiPropertyOptional({ maxLength: 2048 })
  @IsOptional()
  @IsString({ message: 'candidate must be text' })
  @MaxLength(2048, { message: 'candidate must be at most 2048 characters' })
  candidate?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 64 })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsString({ message: 'sdpMid must be text' })
  @MaxLength(64, { message: 'sdpMid must be at most 64 characters' })
  sdpMid?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, maximum: 1024 })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsInt({ message: 'sdpMLineIndex must be a whole number' })
  @Min(0, { message: 'sdpMLineIndex must be 0 to 1024' })
  @Max(1024, { message: 'sdpMLineIndex must be 0 to 1024' })
  sdpMLineIndex?: number | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 256 })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsString({ message: 'usernameFragment must be text' })
  @MaxLength(256, { message: 'usernameFragment must be at most 256 characters' })
  usernameFragment?: string | null;
}

export class IceCandidatesDto implements IceCandidatesRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'callId must be a call id' })
  callId!: string;

  @ApiProperty({
    type: [IceCandidateDto],
    maxItems: MAX_ICE_CANDIDATES_PER_BATCH,
    description: 'A trickle batch (send one every 100–200 ms); an empty list ends the candidates',
  })
  @IsArray({ message: 'candidates must be a list' })
  @ArrayMaxSize(MAX_ICE_CANDIDATES_PER_BATCH, { message: `candidates must hold at most ${MAX_ICE_CANDIDATES_PER_BATCH} per batch` })
  @ValidateNested({ each: true })
  @Type(() => IceCandidateDto)
  candidates!: IceCandidateDto[];

  @ApiPropertyOptional({ maxLength: 64, description: 'The sending tab; defaults to the one that offered or answered' })
  @IsOptional()
  @Matches(DEVICE_ID, { message: DEVICE_ID_MESSAGE })
  deviceId?: string;
}

export class CallIdDto implements CallIdRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'callId must be a call id' })
  callId!: string;
}

export class ActiveCallsQueryDto {
  @ApiProperty({ enum: ['active'], description: 'Only `active` (your ringing or active call) is supported' })
  @IsIn(['active'], { message: 'state must be active' })
  state!: 'active';
}

export class CallHistoryQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'The previous page’s nextBefore' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, { message: 'before must be an ISO-8601 UTC time' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(100)
  limit?: number;
}
