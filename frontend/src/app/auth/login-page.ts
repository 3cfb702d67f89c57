import { ChangeDetectionStrategy, Component, PendingTasks, computed, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';

import { errorMessages } from '../core/api-error';
import { LanguageMenu } from '../i18n/language-menu';
import { LocaleSync } from '../i18n/locale-sync';
import { FormErrors } from '../core/form-errors';
import { AuthStore } from './auth-store';
import { FIELD_LABELS, PASSWORD_MAX, USERNAME_MAX, fieldError, required } from './credential-rules';
import { safeReturnUrl } from './return-url';

// A Map, not an object: ?reason=toString must not find Object.prototype's.
const NOTICES = new Map<string, string>([
  ['signed_out', $localize`:@@auth.login.signedOut:You were signed out. Sign in again to continue.`],
]);

@Component({
  selector: 'cb-login-page',
  imports: [ReactiveFormsModule, RouterLink, FormErrors, LanguageMenu],
  templateUrl: './login-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly pendingTasks = inject(PendingTasks);
  private readonly locales = inject(LocaleSync);

  /** Bound from the ?returnUrl= query parameter set by the auth guard. */
  readonly returnUrl = input<string>();
  /** Bound from ?reason=, set when the session ended without the user asking here. */
  readonly reason = input<string>();

  protected readonly notice = computed(() => NOTICES.get(this.reason() ?? '') ?? null);

  // Only presence and length here: accounts may predate today's registration rules,
  // and the server answers any other mismatch with 401 anyway.
  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', [required, Validators.maxLength(USERNAME_MAX)]],
    password: ['', [required, Validators.maxLength(PASSWORD_MAX)]],
  });
  protected readonly pending = signal(false);
  protected readonly serverErrors = signal<string[]>([]);
  protected readonly fieldError = fieldError;
  protected readonly labels = FIELD_LABELS;

  protected submit(): void {
    if (this.pending()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.pending.set(true);
    this.serverErrors.set([]);
    // Counting the request as a pending task keeps the app "unstable" until the outcome is
    // on screen, so whenStable() (tests, tooling) waits for it instead of racing it.
    this.pendingTasks.run(async () => {
      try {
        await this.auth.login(this.form.getRawValue());
        const target = safeReturnUrl(this.returnUrl());
        // The user chose another language on another device: the app restarts in it, right there.
        if (!(await this.locales.followSignedInUser(target))) {
          await this.router.navigateByUrl(target);
        }
      } catch (error) {
        this.serverErrors.set(errorMessages(error));
      } finally {
        this.pending.set(false);
      }
    });
  }
}
