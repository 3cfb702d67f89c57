import { type Page } from '@playwright/test';

import { expect, password, test } from './fixtures';

/** The app restarts in the chosen language: the document says which one it speaks. */
async function expectLanguage(page: Page, lang: string, dir: 'ltr' | 'rtl' = 'ltr'): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(page.locator('html')).toHaveAttribute('dir', dir);
}

test('the language chosen in the menu follows the user to another device', async ({ people, browser, peerURL }) => {
  const alice = await people.join('Alice');
  const { page } = alice;
  await page.goto('/boards');
  await expectLanguage(page, 'en');
  await expect(page.getByTestId('logout')).toHaveText('Log out');

  // Keyboard only: the menu opens on the current language, arrows move, Enter chooses.
  await page.getByTestId('language-menu').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('language-en')).toBeFocused();
  await expect(page.getByTestId('language-en')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('language-de')).toHaveAttribute('lang', 'de');
  await expect(page.getByTestId('language-ar')).toHaveText('العربية');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('language-de')).toBeFocused();
  await page.keyboard.press('Enter');

  await expectLanguage(page, 'de');
  await expect(page).toHaveURL(/\/boards$/);
  await expect(page.getByTestId('logout')).toHaveText('Abmelden');
  await expect(page).toHaveTitle('Deine Boards · Corkboard');
  await expect(page.getByTestId('language-menu')).toContainText('Deutsch');

  await page.reload();
  await expectLanguage(page, 'de');
  await expect(page.getByTestId('logout')).toHaveText('Abmelden');

  // Another device with an English browser (on the other pod in Redis mode): signing in brings the user's German along.
  const laptop = await browser.newContext({ baseURL: peerURL, locale: 'en-US', ignoreHTTPSErrors: true });
  try {
    const other = await laptop.newPage();
    await other.goto('/login');
    await expectLanguage(other, 'en');
    await expect(other.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await other.getByTestId('login-username').fill(alice.username);
    await other.getByTestId('login-password').fill(password);
    await other.getByTestId('login-submit').click();
    await expectLanguage(other, 'de');
    await expect(other).toHaveURL(/\/boards$/);
    await expect(other.getByTestId('logout')).toHaveText('Abmelden');
  } finally {
    await laptop.close();
  }

  // Arabic: the whole app turns right to left.
  await page.getByTestId('language-menu').click();
  await page.getByTestId('language-ar').click();
  await expectLanguage(page, 'ar', 'rtl');
  await expect(page.getByTestId('logout')).toHaveText('تسجيل الخروج');
  // The header mirrors: the brand sits at the right edge, the user's controls at the left.
  const brand = await page.locator('.app-brand').boundingBox();
  const logout = await page.getByTestId('logout').boundingBox();
  expect(brand!.x).toBeGreaterThan(logout!.x);
});

test('a signed-out German browser shows the login page in German', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: 'de-DE', ignoreHTTPSErrors: true });
  try {
    const page = await context.newPage();
    await page.goto('/login');
    await expectLanguage(page, 'de');
    await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
    await expect(page.getByLabel('Benutzername')).toBeVisible();
    await expect(page).toHaveTitle('Anmelden · Corkboard');
    await expect(page.getByTestId('language-menu')).toContainText('Deutsch');
  } finally {
    await context.close();
  }
});
