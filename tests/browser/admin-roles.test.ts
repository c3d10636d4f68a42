import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { openPage, PASSWORD, type Rig, sentFrames, signUp, skipBrowser, startRig, stopRig, submitCredentials } from './helpers.js';

describe.skipIf(skipBrowser)('roles in a real browser: the first account, a deactivated account', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
  }, 120_000);
  afterAll(async () => {
    expect(rig.pageErrors).toEqual([]);
    await stopRig(rig);
  });

  it("says on an empty server's sign-up form that the first account becomes admin, and not afterwards", async () => {
    const page = await openPage(rig);
    await page.getByRole('tab', { name: 'Create account' }).click();
    await page.getByText('the account you create now becomes its administrator').waitFor();
    await submitCredentials(page, 'Create account', 'first_boss');
    await page.locator('[data-status="signed-in"]').first().waitFor({ state: 'attached' });
    const later = await openPage(rig);
    await later.getByRole('tab', { name: 'Create account' }).click();
    await later.getByLabel('Nickname').waitFor();
    expect(await later.getByText('becomes its administrator').count()).toBe(0);
  }, 60_000);

  it('shows a deactivated user why they were signed out, and does not try to resume', async () => {
    const admin = await TestClient.connect(rig.server.wsUrl);
    admin.send('signin', { nickname: 'first_boss', password: PASSWORD });
    expect((await admin.next('authorize')).payload.role).toBe('admin');
    const page = await signUp(rig, 'soon_gone');
    const { members } = await admin.expectReply('members', { room_id: 1 }, 'members');
    const userId = members.find((member) => member.nickname === 'soon_gone')?.user_id as number;
    await admin.expectReply('admin_user', { user_id: userId, action: 'deactivate' }, 'user_updated');
    await page.getByRole('alert').filter({ hasText: 'An admin has deactivated this account' }).waitFor();
    await page.waitForTimeout(1_500);
    expect(sentFrames(page).filter((frame) => frame.kind === 'resume')).toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem('cerulean-chalice:session'))).toBeNull();
    await submitCredentials(page, 'Sign in', 'soon_gone');
    await page.getByRole('alert').filter({ hasText: 'An admin has deactivated this account' }).waitFor();
  }, 60_000);
});
