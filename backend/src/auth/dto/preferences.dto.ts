import { ApiProperty } from '@nestjs/swagger';
import { IsIn, ValidateIf } from 'class-validator';
import { SUPPORTED_LOCALES, type AppLocale, type Preferences, type PreferencesRequest } from '../../../../contracts/i18n';

const LOCALE_MESSAGE = `locale must be one of ${SUPPORTED_LOCALES.join(', ')} or null`;

export class PreferencesRequestDto implements PreferencesRequest {
  @ApiProperty({
    enum: SUPPORTED_LOCALES,
    nullable: true,
    description: "The app's language; null forgets the choice, so the browser's decides",
  })
  // null is a value here (forget the choice); a missing locale is not.
  @ValidateIf((_dto: PreferencesRequestDto, value: unknown) => value !== null)
  @IsIn(SUPPORTED_LOCALES, { message: LOCALE_MESSAGE })
  locale!: AppLocale | null;
}

export class PreferencesDto implements Preferences {
  @ApiProperty({ enum: SUPPORTED_LOCALES, nullable: true }) locale!: AppLocale | null;
}
