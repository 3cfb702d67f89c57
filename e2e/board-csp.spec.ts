import type { Page } from '@playwright/test';

import { addNote, createBoard, expect, noteById, openBoard, test } from './fixtures';

/**
 * The app under its Content-Security-Policy: every page, stream and write must work, and the
 * browser must report no violation. Runs on the memory pod and through nginx in Redis mode.
 */

/** Collects what the browser blocked: the page's own securitypolicyviolation events and console errors. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) {
      console.push(message.text());
    }
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []))];
}

test('the board works under the security headers with no CSP violation', async ({ people }) => {
  const ada = await people.join('Ada');
  const violations = await watchViolations(ada.page);
  const board = await createBoard(ada, 'Under CSP');

  const response = await ada.page.goto('/boards');
  const headers = response!.headers();
  expect(headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toMatch(/style-src 'self' 'nonce-[^']+'/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
  await expect(ada.page.getByTestId('boards-heading')).toBeVisible();

  // The stream connects, a cookie-authenticated write passes the Origin check, and the
  // component styles (added as <style> elements with the nonce) apply.
  await openBoard(ada, board.id);
  const id = await addNote(ada.page, 'Styled and saved');
  const note = noteById(ada.page, id);
  await expect(note).toHaveCSS('position', 'absolute');
  await ada.page.reload();
  await expect(noteById(ada.page, id).getByTestId('note-text')).toHaveText('Styled and saved');

  expect(await violations()).toEqual([]);
});

test('the public API docs render under their policy with no CSP violation', async ({ page }) => {
  const violations = await watchViolations(page);
  const response = await page.goto('/api/docs');
  expect(response!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await expect(page.locator('.swagger-ui .info .title')).toContainText('Corkboard API');
  await expect(page.locator('.opblock').first()).toBeVisible();
  expect(await violations()).toEqual([]);
});
