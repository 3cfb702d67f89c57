import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  ActiveCalls,
  Call,
  CallConfig,
  CallEndReason,
  CallHistoryPage,
  CallMedia,
  CallResponse,
  CallState,
  CallWithPeer,
} from '../../../../contracts/calls';
import { PublicUserDto } from '../../auth/dto/auth-response.dto';

const END_REASONS: readonly CallEndReason[] = ['declined', 'hangup', 'cancelled', 'missed', 'busy', 'glare', 'connection_lost'];

export class CallDto implements Call {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) callerId!: string;
  @ApiProperty({ format: 'uuid' }) calleeId!: string;
  @ApiProperty({ enum: ['audio', 'video'] }) media!: CallMedia;
  @ApiProperty({ enum: ['ringing', 'active', 'ended'] }) state!: CallState;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) answeredAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) endedAt?: string;
  @ApiPropertyOptional({ enum: END_REASONS }) endReason?: CallEndReason;
  @ApiPropertyOptional({ description: 'The callee’s device that answered' }) answeredDeviceId?: string;
}

export class CallResponseDto implements CallResponse {
  @ApiProperty({ type: CallDto }) call!: CallDto;
}

export class CallWithPeerDto extends CallDto implements CallWithPeer {
  @ApiProperty({ type: PublicUserDto, description: 'The other party' }) peer!: PublicUserDto;
}

export class ActiveCallsDto implements ActiveCalls {
  @ApiProperty({ type: [CallWithPeerDto], description: 'Your ringing or active call: none or one' }) calls!: CallWithPeerDto[];
}

export class CallHistoryPageDto implements CallHistoryPage {
  @ApiProperty({ type: [CallWithPeerDto], description: 'Ended calls, newest first' }) calls!: CallWithPeerDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as ?before= for older calls; null when there are none' })
  nextBefore!: string | null;
}

class IceServerDto {
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], example: 'stun:stun.l.google.com:19302' })
  urls!: string | string[];
  @ApiPropertyOptional() username?: string;
  @ApiPropertyOptional() credential?: string;
}

export class CallConfigDto implements CallConfig {
  @ApiProperty({ type: [IceServerDto] }) iceServers!: IceServerDto[];
  @ApiProperty({ description: 'A call nobody answers ends as missed after this many ms' }) ringTimeoutMs!: number;
}
