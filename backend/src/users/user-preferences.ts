import { Injectable } from '@nestjs/common';
import type { Preferences, PreferencesRequest } from '../../../contracts/i18n';
import { UnauthenticatedError } from '../common/domain-error';
import { UsersRepository } from './users.repository';

/** How the app speaks to a user, kept with the user so it follows them to every device. */
@Injectable()
export class UserPreferences {
  constructor(private readonly users: UsersRepository) {}

  /** A token may outlive its user (deleted by an operator): that caller is nobody any more. */
  async of(userId: string): Promise<Preferences> {
    const user = await this.users.findById(userId);
    if (!user) {
      throw new UnauthenticatedError('Authentication required');
    }
    return { locale: user.locale ?? null };
  }

  async update(userId: string, request: PreferencesRequest): Promise<Preferences> {
    if (!(await this.users.setLocale(userId, request.locale))) {
      throw new UnauthenticatedError('Authentication required');
    }
    return { locale: request.locale };
  }
}
