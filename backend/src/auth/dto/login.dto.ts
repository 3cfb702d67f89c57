import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { LoginRequest } from '../../../../contracts/api';
import { IsSafeName } from '../../common/text';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'ada' })
  @IsString()
  @Length(1, 64, { message: 'username is required' })
  @IsSafeName('username')
  username!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 128, { message: 'password is required' })
  password!: string;
}
