import { TestBed } from '@angular/core/testing';
import { describe, expect, it } from 'vitest';

import { BoardsPage } from './boards-page';

describe('BoardsPage', () => {
  it('shows the heading and an empty state', async () => {
    const fixture = TestBed.createComponent(BoardsPage);
    await fixture.whenStable();
    const page = fixture.nativeElement as HTMLElement;

    expect(page.querySelector('h1[data-testid="boards-heading"]')?.textContent).toBe('Boards');
    expect(page.textContent).toContain('No boards yet');
  });
});
