import { Directive, ElementRef, inject, signal, viewChild } from '@angular/core';

import { moveMenuFocus } from './menu-keys';

/**
 * What every button-with-a-menu here shares: arrow keys inside the menu, Tab and outside
 * clicks close it, Escape closes it and gives focus back to the button. Subclasses bind
 * `(document:pointerdown)` to closeOnOutsidePointer and `(keydown.escape)` to close(true).
 */
@Directive()
export abstract class MenuButton {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  protected readonly trigger = viewChild.required<ElementRef<HTMLButtonElement>>('trigger');
  protected readonly menu = viewChild<ElementRef<HTMLElement>>('menu');
  protected readonly open = signal(false);

  protected close(focusTrigger = false): void {
    if (!this.open()) {
      return;
    }
    this.open.set(false);
    if (focusTrigger) {
      this.trigger().nativeElement.focus();
    }
  }

  protected moveFocusInMenu(event: KeyboardEvent): void {
    const menu = this.menu()?.nativeElement;
    if (menu) {
      moveMenuFocus(menu, event);
    }
    if (event.key === 'Tab') {
      this.close();
    }
  }

  protected closeOnOutsidePointer(event: PointerEvent): void {
    if (this.open() && !this.host.contains(event.target as Node)) {
      this.open.set(false);
    }
  }
}
