import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';

const artifacts = path.join(__dirname, 'artifacts');
const password = 'correct-horse-battery';

// Unique per run (and per retry) so reruns against the same data never hit "username taken".
function uniqueUsername(): string {
  return `e2e_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

async function logIn(page: Page, username: string, secret: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(secret);
  await page.getByTestId('login-submit').click();
}

test('register, log out and log in again', async ({ page }) => {
  const username = uniqueUsername();
  const displayName = `Ada ${username.slice(-4)}`;

  await page.goto('/boards');
  await expect(page).toHaveURL(/\/login\?returnUrl=%2Fboards$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.screenshot({ path: path.join(artifacts, 'login-page.png') });

  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page).toHaveURL(/\/register/);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Display name').fill(displayName);
  await page.getByLabel('Password').fill(password);
  await page.getByTestId('register-submit').click();

  await expect(page).toHaveURL(/\/boards$/);
  await expect(page.getByTestId('boards-heading')).toHaveText('Boards');
  await expect(page.getByText('No boards yet')).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveText(displayName);
  await page.screenshot({ path: path.join(artifacts, 'boards-page.png') });

  // The session lives in the HttpOnly cookie, so a reload must keep the user logged in.
  await page.reload();
  await expect(page.getByTestId('current-user')).toHaveText(displayName);

  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/boards');
  await expect(page).toHaveURL(/\/login\?returnUrl=%2Fboards$/);

  await logIn(page, username, password);
  await expect(page).toHaveURL(/\/boards$/);
  await expect(page.getByTestId('boards-heading')).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveText(displayName);
});

test('a wrong password shows the error and stays on /login', async ({ page }) => {
  const username = uniqueUsername();
  const registered = await page.request.post('/api/auth/register', { data: { username, password } });
  expect(registered.status()).toBe(201);
  await page.context().clearCookies();

  await page.goto('/login');
  await logIn(page, username, 'definitely-not-it');

  await expect(page.getByTestId('form-error')).toBeVisible();
  await expect(page.getByTestId('form-error')).toContainText(/wrong username or password/i);
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByTestId('login-submit')).toBeEnabled();
});

test('the sign-in card fits a 375px wide phone screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto('/login');
  await expect(page.getByTestId('login-submit')).toBeVisible();

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(artifacts, 'login-page-375.png') });
});
