import { ConflictError } from '../common/domain-error';

export class UsernameTakenError extends ConflictError {
  constructor(username: string) {
    super(`Username "${username}" is already taken`, undefined, 'username_taken');
  }
}
