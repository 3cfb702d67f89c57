import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';
import type { Board, CreateBoardRequest } from '../../../../contracts/boards';
import { IsSafeName } from '../../common/text';
import { PublicUserDto } from '../../auth/dto/auth-response.dto';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateBoardDto implements CreateBoardRequest {
  @ApiProperty({ example: 'Sprint retro', minLength: 1, maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'title must be 1 to 100 characters' })
  @IsSafeName('title')
  title!: string;
}

export class AddMemberDto {
  @ApiProperty({ example: 'grace' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @Matches(/^[a-z0-9_.-]{3,32}$/, { message: 'username must be 3 to 32 characters of a-z, 0-9, _ . -' })
  username!: string;
}

export class BoardDto implements Board {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) ownerId!: string;
  @ApiProperty({ type: [PublicUserDto] }) @Type(() => PublicUserDto) members!: PublicUserDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
