import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Router, RouterLink, RouterOutlet } from '@angular/router';

import { AuthStore } from '../auth/auth-store';

/** Frame around every logged-in page: app bar with the user and Log out. */
@Component({
  selector: 'cb-app-shell',
  imports: [RouterLink, RouterOutlet],
  templateUrl: './app-shell.html',
  styleUrl: './app-shell.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppShell {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);

  protected readonly displayName = this.auth.displayName;
  protected readonly initial = computed(() => this.displayName().charAt(0).toUpperCase());
  protected readonly loggingOut = signal(false);

  protected async logout(): Promise<void> {
    this.loggingOut.set(true);
    await this.auth.logout();
    await this.router.navigateByUrl('/login');
  }
}
