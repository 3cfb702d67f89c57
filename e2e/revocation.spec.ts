import { apiCall, createBoard, expect, expectLive, openBoard, password, test } from './fixtures';

/**
 * Revocation as a user sees it: losing a board or a session reaches the browsers that are
 * already open, at once, whichever pod they are on (the Redis project puts the peer on another
 * pod), and says why.
 */

/** Taking effect "at once" means well inside the stream's heartbeat; 3 s leaves room for a slow CI. */
const AT_ONCE = { timeout: 3_000 };

test('a member the owner removes is taken off the board in every tab at once, and cannot get back in', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Quarterly plan', [bob]);

  await openBoard(bob, board.id);
  const listTab = await bob.context.newPage();
  await listTab.goto('/boards');
  await expect(listTab.locator(`[data-board-id="${board.id}"]`)).toBeVisible();
  await expectLive(listTab);

  await apiCall(alice, 'DELETE', `/api/boards/${board.id}/members/${bob.id}`);

  await expect(bob.page).toHaveURL(/\/boards$/, AT_ONCE);
  await expect(bob.page.getByTestId('info-message').filter({ hasText: 'You were removed from “Quarterly plan”.' })).toBeVisible();
  await expect(listTab.locator(`[data-board-id="${board.id}"]`)).toHaveCount(0, AT_ONCE);

  // Neither the address nor the API brings it back.
  await bob.page.goto(`/boards/${board.id}`);
  await expect(bob.page.getByTestId('board-error')).toContainText('You are not a member of this board');
  expect((await bob.context.request.get(`/api/boards/${board.id}`)).status()).toBe(403);
});

test('a member who leaves from the board page lands on the list, and the owner sees the member go live', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Offsite', [bob]);
  await openBoard(alice, board.id);
  await alice.page.getByTestId('members-button').click();
  const bobOnAlicesList = alice.page.getByTestId('member-list').locator(`[data-user-id="${bob.id}"]`);
  await expect(bobOnAlicesList).toBeVisible();

  await openBoard(bob, board.id);
  await bob.page.getByTestId('members-button').click();
  await bob.page.getByTestId('leave-board').click();
  await bob.page.getByTestId('confirm-leave').click();

  await expect(bob.page).toHaveURL(/\/boards$/, AT_ONCE);
  await expect(bob.page.getByTestId('info-message').filter({ hasText: 'You left “Offsite”.' })).toBeVisible();
  await expect(bob.page.locator(`[data-board-id="${board.id}"]`)).toHaveCount(0);
  await expect(bobOnAlicesList).toHaveCount(0, AT_ONCE);
  await expect(alice.page.getByTestId('board-title')).toHaveText('Offsite');
});

test('log out everywhere signs the user out of another browser at once, and it says why', async ({ people, browser, peerURL, baseURL }) => {
  const bob = await people.join('Bob');
  const laptop = await browser.newContext({ baseURL: peerURL || baseURL, ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
  try {
    const login = await laptop.request.post('/api/auth/login', { data: { username: bob.username, password } });
    expect(login.status(), await login.text()).toBe(200);
    const other = await laptop.newPage();
    await other.goto('/boards');
    await expectLive(other);

    await bob.page.goto('/boards');
    await expectLive(bob.page);
    await bob.page.getByTestId('status-menu').click();
    await bob.page.getByTestId('logout-all').click();
    await expect(bob.page).toHaveURL(/\/login/);

    await expect(other).toHaveURL(/\/login/, AT_ONCE);
    await expect(other.getByTestId('login-notice')).toContainText('You were signed out');
    // The old session is over on the server too, not only in the page.
    expect((await laptop.request.get('/api/auth/me')).status()).toBe(401);
  } finally {
    await laptop.close();
  }
});
