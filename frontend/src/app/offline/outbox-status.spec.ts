import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';

import { DiscardDialog } from './discard-dialog';
import { Outbox } from './outbox';
import { OutboxStatus } from './outbox-status';

describe('OutboxStatus', () => {
  const count = signal(0);
  const online = signal(false);

  beforeEach(() => {
    count.set(0);
    online.set(false);
    TestBed.configureTestingModule({ providers: [{ provide: Outbox, useValue: { count, online } }] });
  });

  async function text(): Promise<string | undefined> {
    const fixture = TestBed.createComponent(OutboxStatus);
    await fixture.whenStable();
    return (fixture.nativeElement as HTMLElement).querySelector('[data-testid="outbox-status"]')?.textContent?.trim();
  }

  it('shows nothing while nothing waits', async () => {
    expect(await text()).toBeUndefined();
  });

  it('counts waiting changes in the singular and the plural', async () => {
    count.set(1);
    expect(await text()).toBe('1 change waiting');
    count.set(1234);
    expect(await text()).toBe('1,234 changes waiting');
  });

  it('says they are on their way once online', async () => {
    count.set(2);
    online.set(true);
    expect(await text()).toBe('Syncing 2 changes…');
  });
});

describe('DiscardDialog', () => {
  it('asks about the changes that would be lost, counted', async () => {
    const fixture = TestBed.createComponent(DiscardDialog);
    fixture.componentRef.setInput('count', 3);
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector('h2')?.textContent?.trim()).toBe(
      '3 changes have not been sent yet. Log out and discard them?',
    );
  });
});
