import { BadRequestException, HttpException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from '../../../contracts/api';

/**
 * Nest's ValidationPipe whose 400 also says, per field, which rule failed (`code:
 * 'validation_failed'`, `fields`), so the app can show its own words for each. `message` keeps
 * Nest's sentences, in the same order and with the same length limit, for clients that read it.
 */
export class CodedValidationPipe extends ValidationPipe {
  override createExceptionFactory(): (validationErrors?: ValidationError[]) => unknown {
    const sentences = super.createExceptionFactory();
    return (validationErrors: ValidationError[] = []) => {
      const exception = sentences(validationErrors);
      if (this.isDetailedOutputDisabled || !(exception instanceof HttpException)) {
        return exception;
      }
      const { message } = exception.getResponse() as { message: string | string[] };
      const limited = this.limitValidationErrors(validationErrors, { remaining: this.maxErrorMessagesLength, isExceeded: false });
      return new BadRequestException({ message, code: 'validation_failed', fields: fieldErrors(limited) });
    };
  }
}

/**
 * One entry per failed rule, in the order of Nest's messages (ValidationPipe.flattenValidationErrors):
 * the constraints of leaves, and of nested objects after their children; an error with children
 * contributes only through them at the top level, as in Nest.
 */
export function fieldErrors(errors: readonly ValidationError[]): FieldError[] {
  const fields: FieldError[] = [];
  const add = (error: ValidationError, parentPath: string | undefined): void => {
    const field = parentPath === undefined ? error.property : `${parentPath}.${error.property}`;
    for (const [rule, sentence] of Object.entries(error.constraints ?? {})) {
      fields.push({ field, rule, message: parentPath === undefined ? sentence : `${parentPath}.${sentence}` });
    }
  };
  const walk = (error: ValidationError, parentPath: string | undefined): void => {
    if (!error.children?.length) {
      add(error, parentPath);
      return;
    }
    const path = parentPath === undefined ? error.property : `${parentPath}.${error.property}`;
    for (const child of error.children) {
      if (child.children?.length) {
        walk(child, path);
      }
      add(child, path);
    }
  };
  errors.forEach((error) => walk(error, undefined));
  return fields;
}
