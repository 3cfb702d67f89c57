import { TestBed } from '@angular/core/testing';
import { SwUpdate, type UnrecoverableStateEvent, type VersionEvent } from '@angular/service-worker';
import { Subject } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { offerAfter } from './update-offer';
import { RELOAD_PAGE, UpdatePrompt } from './update-prompt';

const version = (hash: string) => ({ hash });
const ready: VersionEvent = { type: 'VERSION_READY', currentVersion: version('a'), latestVersion: version('b') };
const detected: VersionEvent = { type: 'VERSION_DETECTED', version: version('b') };

describe('the update offer', () => {
  it('offers a reload once a new version is ready, not when one is merely found', () => {
    expect(offerAfter(null, detected)).toBeNull();
    expect(offerAfter(null, ready)).toBe('new-version');
  });

  it('keeps offering a way out of a broken version whatever comes next', () => {
    expect(offerAfter('new-version', 'unrecoverable')).toBe('broken-version');
    expect(offerAfter('broken-version', ready)).toBe('broken-version');
  });
});

describe('UpdatePrompt', () => {
  let versionUpdates: Subject<VersionEvent>;
  let unrecoverable: Subject<UnrecoverableStateEvent>;
  let reload: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    versionUpdates = new Subject();
    unrecoverable = new Subject();
    reload = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        { provide: SwUpdate, useValue: { isEnabled: true, versionUpdates, unrecoverable } },
        { provide: RELOAD_PAGE, useValue: reload },
      ],
    });
  });

  /** Renders the prompt; the returned function gives its element once the view caught up. */
  async function render(): Promise<() => Promise<HTMLElement>> {
    const fixture = TestBed.createComponent(UpdatePrompt);
    await fixture.whenStable();
    return async () => {
      await fixture.whenStable();
      return fixture.nativeElement as HTMLElement;
    };
  }

  it('shows nothing until the service worker has a new version ready, then reloads on request', async () => {
    const settled = await render();
    versionUpdates.next(detected);
    expect((await settled()).querySelector('[data-testid="update-prompt"]')).toBeNull();

    versionUpdates.next(ready);
    const prompt = (await settled()).querySelector('[data-testid="update-prompt"]');
    expect(prompt?.textContent).toContain('A new version of Corkboard is ready.');
    (prompt!.querySelector('[data-testid="update-reload"]') as HTMLButtonElement).click();
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('can be put off until later', async () => {
    const settled = await render();
    versionUpdates.next(ready);
    const later = [...(await settled()).querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Later');
    later!.click();
    expect((await settled()).querySelector('[data-testid="update-prompt"]')).toBeNull();
    expect(reload).not.toHaveBeenCalled();
  });

  it('offers only a reload when the running version is broken', async () => {
    const settled = await render();
    unrecoverable.next({ type: 'UNRECOVERABLE_STATE', reason: 'a hashed file is gone' });
    const prompt = (await settled()).querySelector('[data-testid="update-prompt"]');
    expect(prompt?.textContent).toContain('can no longer load all its files');
    expect([...prompt!.querySelectorAll('button')].map((button) => button.textContent?.trim())).toEqual(['Reload']);
  });
});
