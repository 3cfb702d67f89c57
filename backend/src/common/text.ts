import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/**
 * C0/C1 controls and the invisible direction marks, overrides and isolates:
 * in a name they forge log lines and headers, or make "evil" render as "live".
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's whole job
const UNSAFE_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

// Free text keeps line breaks and tabs; every other C0/C1 control goes.
// eslint-disable-next-line no-control-regex -- as above: the controls are what it removes
const CONTROLS_EXCEPT_TAB_AND_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function hasUnsafeNameCharacters(value: string): boolean {
  return UNSAFE_IN_NAMES.test(value);
}

/** Text as stored: CRLF and lone CR become LF, other controls are dropped. */
export function stripControls(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(CONTROLS_EXCEPT_TAB_AND_NEWLINE, '');
}

/** For titles, usernames and display names: 400 naming the field when a control or bidi character is present. */
export function IsSafeName(field: string): PropertyDecorator {
  return ValidateBy({
    name: 'isSafeName',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !hasUnsafeNameCharacters(value),
      defaultMessage: () => `${field} must not contain control or text-direction characters`,
    },
  });
}

/** For note and chat text: strips controls before validation, so length limits count what is stored. */
export function StripControls(): PropertyDecorator {
  return applyDecorators(Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? stripControls(value) : value)));
}
