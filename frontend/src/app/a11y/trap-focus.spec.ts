import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { TrapFocus } from './trap-focus';

@Component({
  imports: [TrapFocus],
  template: `
    <button id="opener">Open</button>
    @if (open()) {
      <div role="dialog" cbTrapFocus>
        <button id="first">First</button>
        <button id="initial" cdkFocusInitial>Initial</button>
        <button id="disabled" disabled>Off</button>
        <button id="last">Last</button>
      </div>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class Host {
  readonly open = signal(false);
}

function tab(shiftKey = false): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key: 'Tab', shiftKey, bubbles: true, cancelable: true });
  document.activeElement?.dispatchEvent(event);
  return event;
}

describe('TrapFocus', () => {
  it('focuses the initial control, wraps Tab at both ends, and gives focus back on close', async () => {
    const fixture = TestBed.createComponent(Host);
    document.body.appendChild(fixture.nativeElement as HTMLElement);
    const byId = (id: string): HTMLElement => document.getElementById(id)!;
    byId('opener').focus();
    fixture.componentInstance.open.set(true);
    await fixture.whenStable();
    expect(document.activeElement).toBe(byId('initial'));

    byId('last').focus();
    expect(tab().defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(byId('first'));
    expect(tab(true).defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(byId('last'));
    byId('initial').focus();
    // In the middle the browser moves focus itself.
    expect(tab().defaultPrevented).toBe(false);

    fixture.componentInstance.open.set(false);
    await fixture.whenStable();
    expect(document.activeElement).toBe(byId('opener'));
    (fixture.nativeElement as HTMLElement).remove();
  });
});
