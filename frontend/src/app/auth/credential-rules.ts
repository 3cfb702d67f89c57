import { type AbstractControl, type ValidatorFn, Validators } from '@angular/forms';

// Mirrors the server's registration rules so mistakes show up before a round-trip.
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const DISPLAY_NAME_MAX = 64;

/** Validators.required, bound: the static method is not meant to be passed around detached. */
export const required: ValidatorFn = (control) => Validators.required(control);

export const usernameRules = [
  required,
  Validators.minLength(USERNAME_MIN),
  Validators.maxLength(USERNAME_MAX),
  Validators.pattern(/^[a-z0-9_.-]+$/),
];

export const displayNameRules = [Validators.maxLength(DISPLAY_NAME_MAX)];

export const passwordRules = [required, Validators.minLength(PASSWORD_MIN), Validators.maxLength(PASSWORD_MAX)];

/** The fields' names as the forms show them, also what their error messages start with. */
export const FIELD_LABELS = {
  username: $localize`:@@auth.field.username:Username`,
  password: $localize`:@@auth.field.password:Password`,
  displayName: $localize`:@@auth.field.displayName:Display name`,
} as const;

/** The first problem with a field, worded for people; null until the user has left the field. */
export function fieldError(control: AbstractControl, label: string): string | null {
  const errors = control.errors;
  if (!errors || !control.touched) {
    return null;
  }
  if (errors['required']) {
    return $localize`:@@auth.error.required:${label}:label: is required.`;
  }
  if (errors['minlength']) {
    return $localize`:@@auth.error.minLength:${label}:label: must be at least ${requiredLength(errors['minlength'])}:count: characters.`;
  }
  if (errors['maxlength']) {
    return $localize`:@@auth.error.maxLength:${label}:label: must be at most ${requiredLength(errors['maxlength'])}:count: characters.`;
  }
  if (errors['pattern']) {
    return $localize`:@@auth.error.pattern:${label}:label: may only contain lowercase letters, digits, "_", "." and "-".`;
  }
  return $localize`:@@auth.error.invalid:${label}:label: is invalid.`;
}

/** minlength and maxlength errors carry the limit as `requiredLength`. */
function requiredLength(error: unknown): number {
  return (error as { requiredLength: number }).requiredLength;
}
