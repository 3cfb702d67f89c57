import {
  addNote,
  connectionState,
  createBoard,
  createNote,
  dragNote,
  editNote,
  expect,
  noteById,
  openBoard,
  shownNotes,
  test,
} from './fixtures';

test('a member cut off while another makes 20 changes catches up exactly, without a reload', async ({ people }) => {
  const alice = await people.join('Alice');
  const bob = await people.join('Bob', 'peer');
  const board = await createBoard(alice, 'Travel plans', [bob]);
  const seeded = [];
  for (const [i, color] of (['yellow', 'blue', 'pink'] as const).entries()) {
    seeded.push(await createNote(alice, board.id, { text: `Seed ${i + 1}`, x: 60 + i * 240, y: 60, color }));
  }
  await openBoard(alice, board.id);
  await openBoard(bob, board.id);
  await expect(bob.page.getByTestId('note')).toHaveCount(3);
  // Survives only if the page is never reloaded.
  await bob.page.evaluate(() => Object.assign(window, { sameDocument: true }));

  await bob.context.setOffline(true);
  await expect(connectionState(bob.page)).toHaveAttribute('data-state', /^(offline|reconnecting)$/);

  // Twenty changes by Alice while Bob hears nothing.
  const a = alice.page;
  const added: string[] = [];
  for (const text of ['Book flights', 'Rent a car', 'Pack light', 'Museum pass', 'Check visas']) {
    added.push(await addNote(a, text)); // create + text: 2 changes each → 10
  }
  const colors = ['green', 'orange', 'purple', 'blue'] as const;
  for (const [i, id] of added.slice(0, 4).entries()) {
    const note = noteById(a, id);
    await note.hover();
    await note.getByTestId('color-picker').locator(`[data-color="${colors[i]}"]`).click(); // 4 → 14
    await expect(note).toHaveAttribute('data-color', colors[i]);
  }
  for (const id of [added[0], added[2], seeded[1].id]) {
    await dragNote(a, noteById(a, id), 60, 200); // 3 → 17
  }
  await editNote(a, noteById(a, seeded[0].id), 'Seed one, rewritten'); // 18
  for (const id of [seeded[2].id, added[4]]) {
    await noteById(a, id).focus();
    await a.keyboard.press('Delete'); // 2 → 20
    await expect(noteById(a, id)).toHaveCount(0);
  }
  await expect(a.locator('[data-pending="true"]')).toHaveCount(0);
  const final = await shownNotes(a);
  expect(final).toHaveLength(6);

  // Bob still shows the old board…
  await expect(bob.page.getByTestId('note')).toHaveCount(3);
  await bob.context.setOffline(false);
  // …and once back, exactly Alice's.
  await expect(connectionState(bob.page)).toHaveAttribute('data-state', 'live');
  await expect.poll(() => shownNotes(bob.page)).toEqual(final);
  expect(await bob.page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
});
