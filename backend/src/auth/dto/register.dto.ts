import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import type { RegisterRequest } from '../../../../contracts/api';
import { IsSafeName } from '../../common/text';

export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,32}$/;

export class RegisterDto implements RegisterRequest {
  @ApiProperty({ example: 'ada', pattern: USERNAME_PATTERN.source })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3 to 32 characters of a-z, 0-9, _ . -' })
  username!: string;

  @ApiProperty({ minLength: 8, maxLength: 128, format: 'password' })
  @IsString()
  @Length(8, 128, { message: 'password must be 8 to 128 characters' })
  password!: string;

  @ApiPropertyOptional({ example: 'Ada Lovelace', maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64, { message: 'displayName must be 1 to 64 characters' })
  @IsSafeName('displayName')
  displayName?: string;
}
