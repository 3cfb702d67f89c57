import { Param, type PipeTransform } from '@nestjs/common';
import { DEVICE_ID_PATTERN, KEY_ID_PATTERN } from '../../../contracts/encryption';
import { InvalidInputError } from '../common/domain-error';

const deviceIdPipe: PipeTransform<string, string> = {
  transform(value: string): string {
    if (!DEVICE_ID_PATTERN.test(value)) {
      throw new InvalidInputError('deviceId must be 16 to 64 characters of A-Z a-z 0-9 _ -');
    }
    return value;
  },
};

/** `@DeviceIdParam()`: the `:deviceId` path parameter, checked against DEVICE_ID_PATTERN (400 otherwise). */
export const DeviceIdParam = (): ParameterDecorator => Param('deviceId', deviceIdPipe);

const keyIdPipe: PipeTransform<string, string> = {
  transform(value: string): string {
    if (!KEY_ID_PATTERN.test(value)) {
      throw new InvalidInputError('keyId must be 16 to 64 characters of A-Z a-z 0-9 _ -');
    }
    return value;
  },
};

/** `@KeyIdParam()`: the `:keyId` path parameter (KEY_ID_PATTERN; 400 otherwise). */
export const KeyIdParam = (): ParameterDecorator => Param('keyId', keyIdPipe);
