import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { freshStoreLocation, IN_CI, type StoreLocation } from '../helpers/stores.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PASSWORD = 'correct horse battery';
const XSS = '<img src=x onerror=alert(1)>';

// Under CI a missing browser fails the suite (in beforeAll); on a developer machine it is skipped, loudly.
const skip = !existsSync(CHROMIUM) && !IN_CI;
if (skip) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

describe.skipIf(skip)('web client in a real browser', () => {
  let location: StoreLocation;
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`CI=true but ${CHROMIUM} is missing: apt-get install -y chromium`);
    // `npm test` builds in pretest; `npx vitest run tests/browser` does not, so make sure here.
    execFileSync(process.execPath, ['scripts/build-client-if-stale.mjs'], { cwd: ROOT, stdio: 'inherit' });
    location = await freshStoreLocation('pglite');
    server = await startTestServer(location.env);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await location?.dispose();
  });

  async function openPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 960, height: 560 }, locale: 'en-GB', timezoneId: 'UTC' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(server.url);
    return page;
  }

  async function submitCredentials(page: Page, tab: 'Sign in' | 'Create account', nickname: string, password = PASSWORD) {
    await page.getByRole('tab', { name: tab }).click();
    await page.getByLabel('Nickname').fill(nickname);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: tab }).click();
  }

  async function signUp(nickname: string): Promise<Page> {
    const page = await openPage();
    await submitCredentials(page, 'Create account', nickname);
    await page.locator('.room-header [data-status="signed-in"]').waitFor();
    return page;
  }

  /** Types and presses Enter; resolves once the server's copy (with a message_id) replaced the pending echo. */
  async function say(page: Page, text: string) {
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill(text);
    await box.press('Enter');
    expect(await box.inputValue()).toBe('');
    await page.locator('.message[data-message-id]').filter({ hasText: text }).last().waitFor();
  }

  async function sees(page: Page, nickname: string, text: string) {
    const message = page.locator('.message[data-message-id]').filter({ hasText: text }).last();
    await message.waitFor();
    expect(await message.locator('.message-text').textContent()).toBe(text);
    // A grouped follow-up has no header, so look for the author on the page as a whole.
    await page.locator('.message-author', { hasText: nickname }).first().waitFor();
  }

  let ana: Page;
  let ben: Page;

  it('two people sign up and each sees the other’s messages', async () => {
    ana = await signUp('Ana');
    ben = await signUp('Ben');
    await say(ana, 'Morning Ben! Did the deploy go out?');
    await sees(ben, 'Ana', 'Morning Ben! Did the deploy go out?');
    await say(ben, 'Yes, at 9:40. Health checks are green.');
    await say(ben, 'The new history paging is live too.');
    await sees(ana, 'Ben', 'The new history paging is live too.');
    await say(ana, 'Great, I will tell the others.');
    await say(ana, 'Lunch at 12:30?');
    await sees(ben, 'Ana', 'Lunch at 12:30?');
    await say(ben, 'Sounds good, see you there.');
    await sees(ana, 'Ben', 'Sounds good, see you there.');

    // The README's picture: refreshed only on request, so a test run leaves the tree clean.
    const target = process.env.UPDATE_SCREENSHOTS === '1' ? `${ROOT}docs` : `${ROOT}test-results`;
    await mkdir(target, { recursive: true });
    await ana.mouse.move(0, 0);
    await ana.screenshot({ path: `${target}/screenshot.png` });
  });

  it('shows markup in a message as literal text, never as elements', async () => {
    await say(ana, XSS);
    await sees(ben, 'Ana', XSS);
    for (const page of [ana, ben]) {
      expect(await page.locator('.messages img').count()).toBe(0);
      expect(await page.locator('.message-text', { hasText: XSS }).last().textContent()).toBe(XSS);
    }
    expect(dialogs).toEqual([]);
  });

  it('shows the server’s refusal on the sign-in form', async () => {
    const page = await openPage();
    await submitCredentials(page, 'Sign in', 'Ana', 'not the password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-reason')).toBe('bad_credentials');
    expect(await alert.textContent()).toMatch(/wrong password/i);

    await submitCredentials(page, 'Create account', 'ana');
    await page.locator('[role="alert"][data-reason="nickname_taken"]').waitFor();
  });

  it('reconnects after a server restart, signs in again and sends what was typed offline', async () => {
    const port = new URL(server.url).port;
    await server.close();
    await ana.locator('.room-header [data-status="reconnecting"]').waitFor();
    await ana.getByRole('textbox', { name: 'Message' }).fill('Typed while the server was down');
    await ana.getByRole('textbox', { name: 'Message' }).press('Enter');
    await ana.locator('.message[data-pending="sending"]').waitFor();

    server = await startTestServer({ ...location.env, PORT: port });
    await sees(ben, 'Ana', 'Typed while the server was down');
    await ana.locator('.room-header [data-status="signed-in"]').waitFor();
    await ana.locator('.message[data-pending]').waitFor({ state: 'detached' });
    // Merged by message_id: the history page after the reconnect duplicated nothing.
    expect(await ana.locator('.message', { hasText: 'Lunch at 12:30?' }).count()).toBe(1);
    expect(await ben.locator('.message', { hasText: 'Typed while the server was down' }).count()).toBe(1);
  }, 60_000);
});
