import { ApiProperty } from '@nestjs/swagger';
import type { AuthResponse, Me, PublicUser, Role } from '../../../../contracts/api';
import { SUPPORTED_LOCALES, type AppLocale } from '../../../../contracts/i18n';

export class PublicUserDto implements PublicUser {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'ada' }) username!: string;
  @ApiProperty({ example: 'Ada Lovelace' }) displayName!: string;
}

export class MeDto extends PublicUserDto implements Me {
  @ApiProperty({ enum: ['user', 'admin'], isArray: true }) roles!: Role[];
  @ApiProperty({ format: 'date-time', description: 'When the presented token expires' }) expiresAt!: string;
  @ApiProperty({ enum: SUPPORTED_LOCALES, nullable: true, description: "The app's language chosen by this user; null: the browser's" })
  locale!: AppLocale | null;
}

export class AuthResponseDto implements AuthResponse {
  @ApiProperty({ type: PublicUserDto }) user!: PublicUserDto;
  @ApiProperty({ description: 'JWT (HS256); also set as the HttpOnly cb_session cookie' }) accessToken!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}
