import type { AppLocale } from '../../../contracts/i18n';
import type { User } from './user';

/** Port for user storage. Usernames are unique and stored lower-case. */
export abstract class UsersRepository {
  /** Stores a new user; throws UsernameTakenError when the username exists. */
  abstract create(user: User): Promise<User>;
  abstract findById(id: string): Promise<User | undefined>;
  abstract findByUsername(username: string): Promise<User | undefined>;
  abstract findManyByIds(ids: readonly string[]): Promise<User[]>;
  /** Removes the user and frees the username; false when there was none. */
  abstract delete(id: string): Promise<boolean>;
  /** Grants or revokes the admin role of an existing user; false when there is no such user. */
  abstract setAdmin(id: string, admin: boolean): Promise<boolean>;
  abstract listAdmins(): Promise<User[]>;
  /** Remembers (null: forgets) the user's language; false when there is no such user. */
  abstract setLocale(id: string, locale: AppLocale | null): Promise<boolean>;
}
