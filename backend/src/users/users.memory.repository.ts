import type { AppLocale } from '../../../contracts/i18n';
import type { User } from './user';
import { UsernameTakenError } from './users.errors';
import { UsersRepository } from './users.repository';

export class MemoryUsersRepository extends UsersRepository {
  private readonly byId = new Map<string, User>();
  private readonly idByUsername = new Map<string, string>();

  async create(user: User): Promise<User> {
    if (this.idByUsername.has(user.username)) {
      throw new UsernameTakenError(user.username);
    }
    // The role is only ever granted by setAdmin.
    const { admin: _admin, ...stored } = user;
    this.byId.set(user.id, stored);
    this.idByUsername.set(user.username, user.id);
    return { ...stored };
  }

  async findById(id: string): Promise<User | undefined> {
    const user = this.byId.get(id);
    return user && { ...user };
  }

  async findByUsername(username: string): Promise<User | undefined> {
    const id = this.idByUsername.get(username.toLowerCase());
    return id === undefined ? undefined : this.findById(id);
  }

  async findManyByIds(ids: readonly string[]): Promise<User[]> {
    const users = await Promise.all(ids.map((id) => this.findById(id)));
    return users.filter((user): user is User => user !== undefined);
  }

  async setAdmin(id: string, admin: boolean): Promise<boolean> {
    const user = this.byId.get(id);
    if (!user) {
      return false;
    }
    if (admin) {
      user.admin = true;
    } else {
      delete user.admin;
    }
    return true;
  }

  async setLocale(id: string, locale: AppLocale | null): Promise<boolean> {
    const user = this.byId.get(id);
    if (!user) {
      return false;
    }
    if (locale === null) {
      delete user.locale;
    } else {
      user.locale = locale;
    }
    return true;
  }

  async listAdmins(): Promise<User[]> {
    return [...this.byId.values()].filter((user) => user.admin).map((user) => ({ ...user }));
  }

  async delete(id: string): Promise<boolean> {
    const user = this.byId.get(id);
    if (!user) {
      return false;
    }
    this.byId.delete(id);
    this.idByUsername.delete(user.username);
    return true;
  }
}
