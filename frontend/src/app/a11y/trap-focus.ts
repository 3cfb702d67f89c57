import { DOCUMENT, Directive, ElementRef, afterNextRender, inject, type OnDestroy } from '@angular/core';

/**
 * Keeps Tab and Shift+Tab inside a dialog, focuses its `[cdkFocusInitial]` control (else its first
 * one) when it opens, and gives focus back to what had it when it closes. The CDK's cdkTrapFocus
 * does the same with two focusable, aria-hidden anchors around the dialog, which axe rightly
 * reports (aria-hidden-focus): a screen reader user can tab onto something that is not there.
 * This one wraps focus from the dialog's own keydown instead, so nothing hidden is focusable.
 */
@Directive({
  selector: '[cbTrapFocus]',
  host: { '(keydown.tab)': 'wrap($event)', '(keydown.shift.tab)': 'wrap($event)' },
})
export class TrapFocus implements OnDestroy {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly document = inject(DOCUMENT);
  private readonly opener = this.document.activeElement instanceof HTMLElement ? this.document.activeElement : null;

  constructor() {
    afterNextRender(() => {
      const initial = this.host.querySelector<HTMLElement>('[cdkFocusInitial]') ?? this.tabbables()[0];
      (initial ?? this.host).focus();
    });
  }

  protected wrap(event: Event): void {
    const { shiftKey } = event as KeyboardEvent;
    const tabbables = this.tabbables();
    if (tabbables.length === 0) {
      event.preventDefault();
      return;
    }
    const first = tabbables[0];
    const last = tabbables[tabbables.length - 1];
    const active = this.document.activeElement;
    if (shiftKey && (active === first || !this.host.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!shiftKey && (active === last || !this.host.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }

  ngOnDestroy(): void {
    const active = this.document.activeElement;
    const focusWasHere = active === null || active === this.document.body || this.host.contains(active);
    if (focusWasHere && this.opener?.isConnected) {
      this.opener.focus();
    }
  }

  private tabbables(): HTMLElement[] {
    return Array.from(this.host.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')).filter(
      (element) =>
        element.tabIndex >= 0 &&
        !element.matches(':disabled') &&
        element.closest('[hidden], [inert]') === null &&
        // Not in every DOM a test runs in; browsers have it, and it sees display: none and visibility.
        (typeof element.checkVisibility !== 'function' || element.checkVisibility({ visibilityProperty: true })),
    );
  }
}
