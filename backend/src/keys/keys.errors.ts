import { ConflictError, InvalidInputError, NotFoundError } from '../common/domain-error';

export class DeviceKeysDifferError extends ConflictError {
  constructor() {
    super(
      'This device id already has other keys: a device never changes its keys; remove it and add a new one',
      undefined,
      'device_keys_differ',
    );
  }
}

export class DeviceRetiredError extends ConflictError {
  constructor() {
    super('This device id belongs to a removed device: device ids are never reused; make a new one', undefined, 'device_retired');
  }
}

export class TooManyDevicesError extends ConflictError {
  constructor(max: number) {
    super(`You have ${max} devices already: remove one before adding another`, undefined, 'too_many_devices');
  }
}

export class DeviceNotFoundError extends NotFoundError {
  constructor() {
    super('Device not found', 'device_not_found');
  }
}

export class UserNotFoundError extends NotFoundError {
  constructor() {
    super('User not found', 'user_not_found');
  }
}

/** The actor named a device that isn't (or no longer is) one of theirs. */
export class NotYourDeviceError extends InvalidInputError {
  constructor(field: string) {
    super(`${field} must be one of your current devices`, 'not_your_device');
  }
}

export class NotEncryptedError extends ConflictError {
  constructor() {
    super(
      'This conversation is not end-to-end encrypted: it has no keys, and its messages are sent as plain `content`',
      undefined,
      'not_encrypted',
    );
  }
}

export class StaleKeyError extends ConflictError {
  constructor(currentKeyId: string | null) {
    super("The conversation's current key changed: fetch its keys and try again", { currentKeyId }, 'stale_key');
  }
}

export class KeyIdTakenError extends ConflictError {
  constructor() {
    super('This conversation already has a key with this id: make a new key id', undefined, 'key_id_taken');
  }
}

export class MissingDeviceWrapsError extends ConflictError {
  constructor(missingDeviceIds: string[]) {
    super(
      `The key must be wrapped for every current device of every participant; missing: ${missingDeviceIds.join(', ')}`,
      { missingDeviceIds },
      'missing_devices',
    );
  }
}

export class UnknownRecipientDeviceError extends InvalidInputError {
  constructor(deviceId: string) {
    super(`wrappedKeys: ${deviceId} is not a current device of a participant`, 'unknown_recipient_device');
  }
}

export class DuplicateRecipientDeviceError extends InvalidInputError {
  constructor(deviceId: string) {
    super(`wrappedKeys: device ${deviceId} appears more than once`, 'duplicate_recipient_device');
  }
}

export class BadSignatureError extends InvalidInputError {
  constructor(what: string) {
    super(`${what}: the signature does not verify with the sending device's signing key`, 'bad_signature');
  }
}

export class ContentKeyNotFoundError extends NotFoundError {
  constructor() {
    super('This conversation has no key with this id', 'content_key_not_found');
  }
}

/** The message used a key that is no longer current, or one a removed device could read. */
export class NewKeyNeededError extends ConflictError {
  constructor(currentKeyId: string | null, rotationNeeded: boolean) {
    super(
      rotationNeeded
        ? 'A new key is needed: a device that could read the current key was removed; create a new key, then send again'
        : "A new key is needed: this message's key is not the conversation's current key; fetch its keys and send again",
      { currentKeyId, rotationNeeded },
      'new_key_needed',
    );
  }
}
