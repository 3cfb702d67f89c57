import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { AuthStore } from '../auth/auth-store';
import { LanguageMenu } from './language-menu';
import { LOCALE_STORAGE_KEY } from './locale';
import { LOCALE_UNSENT_KEY, PAGE_RELOAD } from './locale-sync';

describe('LanguageMenu', () => {
  let fixture: ComponentFixture<LanguageMenu>;
  let backend: HttpTestingController;
  let reload: ReturnType<typeof vi.fn>;
  const signedIn = signal(true);

  const host = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const trigger = (): HTMLButtonElement => host().querySelector<HTMLButtonElement>('[data-testid="language-menu"]')!;
  const item = (locale: string): HTMLButtonElement => host().querySelector<HTMLButtonElement>(`[data-testid="language-${locale}"]`)!;

  async function open(): Promise<void> {
    trigger().click();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    localStorage.clear();
    sessionStorage.clear();
    reload = vi.fn();
    signedIn.set(true);
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'de' },
        { provide: PAGE_RELOAD, useValue: reload },
        { provide: AuthStore, useValue: { isAuthenticated: signedIn } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(LanguageMenu);
    await fixture.whenStable();
  });

  afterEach(() => {
    backend.verify();
    // What these specs chose must not change the language of the specs that run after them.
    localStorage.clear();
    sessionStorage.clear();
  });

  it('names every language in itself, marks the current one and focuses it on opening', async () => {
    expect(trigger().textContent?.trim()).toBe('Deutsch');
    await open();
    const items = [...host().querySelectorAll<HTMLElement>('[role="menuitemradio"]')];
    expect(items.map((entry) => [entry.getAttribute('lang'), entry.textContent?.trim(), entry.getAttribute('aria-checked')])).toEqual([
      ['en', 'English', 'false'],
      ['de', 'Deutsch', 'true'],
      ['ar', 'العربية', 'false'],
    ]);
    expect(document.activeElement).toBe(item('de'));
  });

  it('moves with the arrow keys and closes on Escape, giving focus back to the button', async () => {
    await open();
    item('de').dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(document.activeElement).toBe(item('ar'));
    item('ar').dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(document.activeElement).toBe(item('en'));
    item('en').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await fixture.whenStable();
    expect(host().querySelector('[role="menu"]')).toBeNull();
    expect(document.activeElement).toBe(trigger());
  });

  it('remembers the choice on the server and here, then restarts the page in it', async () => {
    await open();
    item('ar').click();
    const patch = backend.expectOne({ method: 'PATCH', url: '/api/auth/me/preferences' });
    expect(patch.request.body).toEqual({ locale: 'ar' });
    expect(reload).not.toHaveBeenCalled();
    patch.flush({ locale: 'ar' });
    await vi.waitFor(() => expect(reload).toHaveBeenCalledOnce());
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('ar');
    expect(localStorage.getItem(LOCALE_UNSENT_KEY)).toBeNull();
  });

  it('keeps a choice the server could not hear, to send it later', async () => {
    await open();
    item('en').click();
    backend.expectOne('/api/auth/me/preferences').error(new ProgressEvent('error'), { status: 0 });
    await vi.waitFor(() => expect(reload).toHaveBeenCalledOnce());
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(localStorage.getItem(LOCALE_UNSENT_KEY)).toBe('true');
  });

  it('only stores the choice while signed out', async () => {
    signedIn.set(false);
    await open();
    item('ar').click();
    backend.expectNone('/api/auth/me/preferences');
    await vi.waitFor(() => expect(reload).toHaveBeenCalledOnce());
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('ar');
  });
});
