import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  ASSIGNABLE_ROLES,
  type AssignableRole,
  type BoardInvitation,
  type CreatedInviteLink,
  type CreateInviteLinkRequest,
  INVITE_LINK_MAX_SECONDS,
  INVITE_LINK_MAX_USES,
  INVITE_LINK_MIN_SECONDS,
  type InviteLink,
  type InviteLinkPreview,
  type InvitationStatus,
} from '../../../../contracts/boards';
import { PublicUserDto } from '../../auth/dto/auth-response.dto';
import { ROLE_MESSAGE } from './board.dto';

export class BoardInvitationDto implements BoardInvitation {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) boardId!: string;
  @ApiProperty() boardTitle!: string;
  @ApiProperty({ enum: ASSIGNABLE_ROLES }) role!: AssignableRole;
  @ApiProperty({ type: PublicUserDto }) invitee!: PublicUserDto;
  @ApiProperty({ type: PublicUserDto }) invitedBy!: PublicUserDto;
  @ApiProperty({ enum: ['pending', 'accepted', 'declined', 'cancelled'] }) status!: InvitationStatus;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreateInviteLinkDto implements CreateInviteLinkRequest {
  @ApiProperty({ enum: ASSIGNABLE_ROLES })
  @IsIn(ASSIGNABLE_ROLES, { message: ROLE_MESSAGE })
  role!: AssignableRole;

  @ApiProperty({ minimum: INVITE_LINK_MIN_SECONDS, maximum: INVITE_LINK_MAX_SECONDS, description: 'Seconds from now', example: 86400 })
  @IsInt({ message: 'expiresIn must be a whole number of seconds' })
  @Min(INVITE_LINK_MIN_SECONDS, { message: `expiresIn must be ${INVITE_LINK_MIN_SECONDS} to ${INVITE_LINK_MAX_SECONDS} seconds` })
  @Max(INVITE_LINK_MAX_SECONDS, { message: `expiresIn must be ${INVITE_LINK_MIN_SECONDS} to ${INVITE_LINK_MAX_SECONDS} seconds` })
  expiresIn!: number;

  @ApiPropertyOptional({ minimum: 1, maximum: INVITE_LINK_MAX_USES, description: 'Absent: unlimited uses until expiry' })
  @IsOptional()
  @IsInt({ message: 'maxUses must be a whole number' })
  @Min(1, { message: `maxUses must be 1 to ${INVITE_LINK_MAX_USES}` })
  @Max(INVITE_LINK_MAX_USES, { message: `maxUses must be 1 to ${INVITE_LINK_MAX_USES}` })
  maxUses?: number;
}

export class InviteLinkDto implements InviteLink {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) boardId!: string;
  @ApiProperty({ enum: ASSIGNABLE_ROLES }) role!: AssignableRole;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiPropertyOptional({ description: 'Absent: unlimited' }) maxUses?: number;
  @ApiProperty() uses!: number;
}

export class CreatedInviteLinkDto extends InviteLinkDto implements CreatedInviteLink {
  @ApiProperty({ description: 'The secret: shown only now, stored only hashed' }) token!: string;
  @ApiProperty({ example: '/join/3q2-7wK…', description: 'App path to open; prefix the app origin' }) path!: string;
}

export class InviteLinkPreviewDto implements InviteLinkPreview {
  @ApiProperty({ format: 'uuid' }) boardId!: string;
  @ApiProperty() boardTitle!: string;
  @ApiProperty({ enum: ASSIGNABLE_ROLES }) role!: AssignableRole;
  @ApiProperty({ type: PublicUserDto }) invitedBy!: PublicUserDto;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ description: 'Accepting just opens the board; the role stays as it is' }) alreadyMember!: boolean;
}
