import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import {
  messageWithText,
  PASSWORD,
  type Rig,
  readmeScreenshot,
  receivedFrames,
  say,
  sees,
  sentFrames,
  signUp,
  skipBrowser,
  startRig,
  stopRig,
  submitCredentials,
} from './helpers.js';

const panel = (page: Page) => page.getByRole('dialog', { name: 'Administration' });
const userRow = (page: Page, nickname: string) =>
  panel(page)
    .locator('tr[data-user-id]')
    .filter({ has: page.getByRole('rowheader', { name: nickname }) });
const auditRows = (page: Page) => panel(page).locator('tr[data-audit-id]');

async function openPanel(page: Page) {
  await page.getByRole('button', { name: 'Administration' }).click();
  await panel(page).waitFor();
}

describe.skipIf(skipBrowser)('the admin panel (issue 11)', () => {
  let rig: Rig;
  let boss: Page;
  let mia: Page;
  let pat: Page;

  beforeAll(async () => {
    rig = await startRig();
    // The first account of a fresh server is its admin.
    boss = await signUp(rig, 'Boss');
    mia = await signUp(rig, 'Mia');
    pat = await signUp(rig, 'Pat');
  }, 120_000);

  afterAll(async () => {
    expect(rig.pageErrors).toEqual([]);
    await stopRig(rig);
  });

  it('is offered to a server admin only; a plain member sees no Administration and no Delete on others’ messages', async () => {
    await boss.getByRole('button', { name: 'Administration' }).waitFor();
    await say(mia, 'Hello from Mia');
    await sees(pat, 'Mia', 'Hello from Mia');
    expect(await pat.getByRole('button', { name: 'Administration' }).count()).toBe(0);
    await messageWithText(pat, 'Hello from Mia').hover();
    await messageWithText(pat, 'Hello from Mia').getByRole('button', { name: 'Message actions' }).click();
    const items = await pat.getByRole('menu', { name: 'Message actions' }).getByRole('menuitem').allTextContents();
    expect(items).not.toContain('Delete');
    expect(items).not.toContain('Mute author');
    await pat.keyboard.press('Escape');
    // An admin moderates the rooms they can see: Delete and Mute author on Mia's message.
    await sees(boss, 'Mia', 'Hello from Mia');
    await messageWithText(boss, 'Hello from Mia').hover();
    await messageWithText(boss, 'Hello from Mia').getByRole('button', { name: 'Message actions' }).click();
    const bossItems = await boss.getByRole('menu', { name: 'Message actions' }).getByRole('menuitem').allTextContents();
    expect(bossItems).toEqual(expect.arrayContaining(['Delete', 'Mute author']));
    await boss.keyboard.press('Escape');
  });

  it('lists, searches and filters accounts, and changes a role; the row follows the answer', async () => {
    await openPanel(boss);
    for (const name of ['Boss', 'Mia', 'Pat']) await userRow(boss, name).waitFor();
    expect(await userRow(boss, 'Boss').getByRole('button', { name: 'Deactivate' }).count()).toBe(0);
    await panel(boss).getByLabel('Search by nickname').fill('mi');
    await panel(boss).locator('tr[data-user-id]').filter({ hasNotText: 'Mia' }).first().waitFor({ state: 'detached' });
    await panel(boss).getByLabel('Search by nickname').fill('');
    await userRow(boss, 'Pat').waitFor();
    await panel(boss).getByLabel('Role').selectOption('admin');
    await userRow(boss, 'Pat').waitFor({ state: 'detached' });
    expect(await panel(boss).locator('tr[data-user-id]').count()).toBe(1);
    await panel(boss).getByLabel('Role').selectOption('');

    await userRow(boss, 'Pat').getByRole('button', { name: 'Make admin' }).click();
    await userRow(boss, 'Pat').locator('.role-admin').waitFor();
    // Pat's own page hears it (user_updated) and offers the panel now.
    await pat.getByRole('button', { name: 'Administration' }).waitFor();
    await userRow(boss, 'Pat').getByRole('button', { name: 'Make member' }).click();
    await userRow(boss, 'Pat').locator('.role-member').waitFor();
    await pat.getByRole('button', { name: 'Administration' }).waitFor({ state: 'detached' });
    expect(await seriousViolations(boss)).toEqual([]);
  });

  it("deactivates a member after a confirmation: the member's page says so and stops reconnecting", async () => {
    const socketsBefore = receivedFrames(mia, 'initial').length;
    const resumesBefore = sentFrames(mia, 'resume').length;
    await userRow(boss, 'Mia').getByRole('button', { name: 'Deactivate' }).click();
    const confirm = boss.getByRole('dialog', { name: 'Deactivate Mia?' });
    await confirm.getByRole('button', { name: 'Deactivate' }).click();
    await userRow(boss, 'Mia').locator('.role-deactivated').waitFor();
    await userRow(boss, 'Mia').getByRole('button', { name: 'Reactivate' }).waitFor();

    await mia.getByRole('alert').filter({ hasText: 'An admin has deactivated this account' }).waitFor();
    // Long enough for several reconnect attempts had it kept trying: one fresh socket for the form, no resume.
    await mia.waitForTimeout(4_000);
    expect(sentFrames(mia, 'resume').length).toBe(resumesBefore);
    expect(receivedFrames(mia, 'initial').length - socketsBefore).toBeLessThanOrEqual(1);
    expect(await mia.evaluate(() => localStorage.getItem('cerulean-chalice:session'))).toBeNull();
    await submitCredentials(mia, 'Sign in', 'Mia', PASSWORD);
    await mia.getByRole('alert').filter({ hasText: 'An admin has deactivated this account' }).waitFor();
    await readmeScreenshot(boss, 'screenshots/admin-panel.png');
  });

  it('shows the deactivation in the audit log, newest first, and filters by action and by user', async () => {
    await userRow(boss, 'Mia').getByRole('button', { name: 'Reactivate' }).click();
    await userRow(boss, 'Mia').locator('.role-member').waitFor();
    await panel(boss).getByRole('tab', { name: 'Audit log' }).click();
    await auditRows(boss).first().waitFor();
    const actions = await auditRows(boss).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
    // Newest first: the reactivation, the deactivation, then Pat's two role changes.
    expect(actions.slice(0, 4)).toEqual(['user_reactivated', 'user_deactivated', 'role_changed', 'role_changed']);
    const row = auditRows(boss).and(boss.locator('[data-action="user_deactivated"]'));
    expect(await row.textContent()).toContain('account deactivated');
    expect(await row.getByRole('button', { name: 'Boss' }).count()).toBe(1);
    expect(await row.getByRole('button', { name: 'Mia' }).count()).toBe(1);
    expect(await row.textContent()).toContain('member → deactivated');

    await panel(boss).getByLabel('Action').selectOption('user_deactivated');
    await auditRows(boss).and(boss.locator(':not([data-action="user_deactivated"])')).first().waitFor({ state: 'detached' });
    expect(await auditRows(boss).count()).toBe(1);
    await panel(boss).getByLabel('Action').selectOption('');
    await auditRows(boss).nth(3).waitFor();
    // A name filters by that person (what they did or had done to them): Pat's role changes only.
    await auditRows(boss).first().getByRole('button', { name: 'Mia' }).waitFor();
    await auditRows(boss).and(boss.locator('[data-action="role_changed"]')).first().getByRole('button', { name: 'Pat' }).click();
    await auditRows(boss).and(boss.locator('[data-action="user_deactivated"]')).waitFor({ state: 'detached' });
    const patOnly = await auditRows(boss).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
    expect(patOnly).toEqual(['role_changed', 'role_changed']);
    await panel(boss).locator('.chip', { hasText: 'Pat' }).click();
    await auditRows(boss).and(boss.locator('[data-action="user_deactivated"]')).waitFor();
  });

  it('shows this server’s numbers, which move as messages are sent', async () => {
    await panel(boss).getByRole('tab', { name: 'Server stats' }).click();
    const committed = panel(boss).locator('.admin-stat').filter({ hasText: 'Messages committed' }).locator('dd');
    await committed.waitFor();
    const before = Number((await committed.textContent())?.replace(/\D/g, ''));
    expect(before).toBeGreaterThanOrEqual(1);
    expect(await panel(boss).locator('.admin-stat').filter({ hasText: 'Database' }).locator('dd').textContent()).toBe('up');
    await say(pat, 'One more for the counter');
    await panel(boss).getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(async () => Number((await committed.textContent())?.replace(/\D/g, '')), { timeout: 10_000 }).toBeGreaterThan(before);
    await boss.keyboard.press('Escape');
    await panel(boss).waitFor({ state: 'detached' });
  });
});
