import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import type {
  AssignableRole,
  Board,
  BoardMember,
  BoardRole,
  ChangeRoleRequest,
  CreateBoardRequest,
  InviteMemberRequest,
  TransferOwnershipRequest,
} from '../../../../contracts/boards';
import { ASSIGNABLE_ROLES, BOARD_ROLES } from '../../../../contracts/boards';
import { IsSafeName } from '../../common/text';
import { PublicUserDto } from '../../auth/dto/auth-response.dto';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export const ROLE_MESSAGE = `role must be one of ${ASSIGNABLE_ROLES.join(', ')}`;

export class CreateBoardDto implements CreateBoardRequest {
  @ApiProperty({ example: 'Sprint retro', minLength: 1, maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'title must be 1 to 100 characters' })
  @IsSafeName('title')
  title!: string;
}

export class AddMemberDto implements InviteMemberRequest {
  @ApiProperty({ example: 'grace' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @Matches(/^[a-z0-9_.-]{3,32}$/, { message: 'username must be 3 to 32 characters of a-z, 0-9, _ . -' })
  username!: string;

  @ApiPropertyOptional({ enum: ASSIGNABLE_ROLES, default: 'editor' })
  @IsOptional()
  @IsIn(ASSIGNABLE_ROLES, { message: ROLE_MESSAGE })
  role?: AssignableRole;
}

export class ChangeRoleDto implements ChangeRoleRequest {
  @ApiProperty({ enum: ASSIGNABLE_ROLES })
  @IsIn(ASSIGNABLE_ROLES, { message: ROLE_MESSAGE })
  role!: AssignableRole;
}

export class TransferOwnershipDto implements TransferOwnershipRequest {
  @ApiProperty({ format: 'uuid', description: 'A member of the board' })
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId!: string;
}

export class BoardMemberDto extends PublicUserDto implements BoardMember {
  @ApiProperty({ enum: BOARD_ROLES }) role!: BoardRole;
}

export class BoardDto implements Board {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) ownerId!: string;
  @ApiProperty({ type: [BoardMemberDto], description: "In join order; the owner's role is 'owner'" })
  @Type(() => BoardMemberDto)
  members!: BoardMemberDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
