import { DestroyRef, Injectable, inject, signal } from '@angular/core';

export type ToastKind = 'error' | 'info';

export interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  readonly message: string;
}

const LIFETIME_MS: Record<ToastKind, number> = { error: 8_000, info: 5_000 };
const MAX_TOASTS = 4;

/** App-wide short messages: they outlive page changes (a rollback can land after the user left the board). */
@Injectable({ providedIn: 'root' })
export class Toasts {
  private readonly list = signal<readonly Toast[]>([]);
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  private nextId = 1;

  readonly toasts = this.list.asReadonly();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.timers.forEach((timer) => clearTimeout(timer)));
  }

  error(message: string): void {
    this.show('error', message);
  }

  info(message: string): void {
    this.show('info', message);
  }

  dismiss(id: number): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.list.update((toasts) => toasts.filter((toast) => toast.id !== id));
  }

  private show(kind: ToastKind, message: string): void {
    // The same sentence twice in a row (e.g. several writes refused at once) says nothing new.
    if (this.list().some((toast) => toast.kind === kind && toast.message === message)) {
      return;
    }
    const toast: Toast = { id: this.nextId++, kind, message };
    const kept = this.list().slice(-(MAX_TOASTS - 1));
    for (const dropped of this.list().filter((old) => !kept.includes(old))) {
      this.dismiss(dropped.id);
    }
    this.list.set([...kept, toast]);
    this.timers.set(
      toast.id,
      setTimeout(() => this.dismiss(toast.id), LIFETIME_MS[kind]),
    );
  }
}
