import { ChangeDetectionStrategy, Component, PendingTasks, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';

import type { RegisterRequest } from '@contracts/api';

import { errorMessages } from '../core/api-error';
import { LanguageMenu } from '../i18n/language-menu';
import { LocaleSync } from '../i18n/locale-sync';
import { FormErrors } from '../core/form-errors';
import { AuthStore } from './auth-store';
import {
  DISPLAY_NAME_MAX,
  FIELD_LABELS,
  PASSWORD_MIN,
  USERNAME_MAX,
  USERNAME_MIN,
  displayNameRules,
  fieldError,
  passwordRules,
  usernameRules,
} from './credential-rules';
import { safeReturnUrl } from './return-url';

@Component({
  selector: 'cb-register-page',
  imports: [ReactiveFormsModule, RouterLink, FormErrors, LanguageMenu],
  templateUrl: './register-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegisterPage {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly pendingTasks = inject(PendingTasks);
  private readonly locales = inject(LocaleSync);

  /** Bound from the ?returnUrl= query parameter carried over from the login page. */
  readonly returnUrl = input<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', usernameRules],
    displayName: ['', displayNameRules],
    password: ['', passwordRules],
  });
  protected readonly pending = signal(false);
  protected readonly serverErrors = signal<string[]>([]);
  protected readonly fieldError = fieldError;
  protected readonly labels = FIELD_LABELS;
  protected readonly rules = { USERNAME_MIN, USERNAME_MAX, PASSWORD_MIN, DISPLAY_NAME_MAX };

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
        await this.auth.register(this.request());
        // A new account has no language yet: it takes the one chosen on this page, if any.
        await this.locales.followUser(null);
        await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
      } catch (error) {
        this.serverErrors.set(errorMessages(error));
      } finally {
        this.pending.set(false);
      }
    });
  }

  // An empty display name is left out so the server applies its own default.
  private request(): RegisterRequest {
    const { username, password, displayName } = this.form.getRawValue();
    const trimmed = displayName.trim();
    return trimmed ? { username, password, displayName: trimmed } : { username, password };
  }
}
