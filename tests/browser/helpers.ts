import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestClient } from '../helpers/client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { freshStoreLocation, IN_CI, type StoreLocation } from '../helpers/stores.js';
import { recordFrames } from './frames.js';

export { receivedFrames, sentFrames, storageContents, waitForFrame } from './frames.js';

export const CHROMIUM = '/usr/bin/chromium';
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
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Saves a picture the README shows (`docs/…`) when UPDATE_SCREENSHOTS=1, else under test-results/ so
 * a test run leaves the tree clean. `path` is relative to docs/.
 */
export async function readmeScreenshot(page: Page, path: string): Promise<void> {
  const file = `${ROOT}${process.env.UPDATE_SCREENSHOTS === '1' ? 'docs' : 'test-results'}/${path}`;
  await mkdir(dirname(file), { recursive: true });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: file });
}
export const PASSWORD = 'correct horse battery';

/** Under CI a missing browser fails the suite (in `startRig`); on a developer machine it is skipped, loudly. */
export const skipBrowser = !existsSync(CHROMIUM) && !IN_CI;
if (skipBrowser) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/**
 * `npm test` builds in pretest; `npx vitest run tests/browser` does not, so make sure here. The browser
 * suites run in parallel workers, and two builds emptying dist/client at once would break each other's
 * pages, so one build runs at a time (a lock directory; the others then find the client up to date).
 */
async function buildClientIfStale() {
  const lock = join(tmpdir(), `cerulean-client-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed run is stale after a minute.
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 60_000)
        rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    execFileSync(process.execPath, ['scripts/build-client-if-stale.mjs'], { cwd: ROOT, stdio: 'inherit' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A real server on a fresh PGlite store, and a headless Chromium to visit it. */
export interface Rig {
  location: StoreLocation;
  server: TestServer;
  browser: Browser;
  /** Every alert/confirm a page opened: none should (user content is never markup). */
  dialogs: string[];
  /** Console errors from any page, e.g. a Content-Security-Policy refusal: none should happen. */
  pageErrors: string[];
}

/** `env` adds server settings (e.g. a small RESUME_MAX_MESSAGES); they stay in `location.env` for restarts. */
export async function startRig(env: Record<string, string> = {}): Promise<Rig> {
  if (!existsSync(CHROMIUM)) throw new Error(`CI=true but ${CHROMIUM} is missing: apt-get install -y chromium`);
  await buildClientIfStale();
  const store = await freshStoreLocation('pglite');
  const location = { ...store, env: { ...store.env, ...env } };
  const server = await startTestServer(location.env);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return { location, server, browser, dialogs: [], pageErrors: [] };
}

export async function stopRig(rig: Rig | undefined): Promise<void> {
  await rig?.browser.close();
  await rig?.server.close();
  await rig?.location.dispose();
}

/** A phone held upright (an iPhone 12–15's CSS viewport): the narrow layout's reference size. */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 960, height: 560 };

export interface PageOptions {
  viewport?: { width: number; height: number };
  /** The browser's language (navigator.languages), e.g. 'ru-RU'. */
  locale?: string;
  colorScheme?: 'light' | 'dark';
  /** Path to open instead of '/', e.g. '/r/5'. */
  path?: string;
  hasTouch?: boolean;
  /** Runs on the new context before the page loads (permissions, init scripts). */
  beforeLoad?: (context: BrowserContext) => Promise<void>;
}

/** A page in its own browser context (its own cookies and storage: another person). */
export async function openPage(rig: Rig, options: PageOptions = {}): Promise<Page> {
  const context = await rig.browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    locale: options.locale ?? 'en-GB',
    timezoneId: 'UTC',
    colorScheme: options.colorScheme ?? 'light',
    hasTouch: options.hasTouch ?? false,
  });
  await options.beforeLoad?.(context);
  const page = await context.newPage();
  // Well inside the test's own timeout, so a failure names the step that waited.
  page.setDefaultTimeout(10_000);
  recordFrames(page);
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) rig.pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => rig.pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    rig.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(rig.server.url + (options.path ?? ''));
  return page;
}

export async function submitCredentials(page: Page, tab: 'Sign in' | 'Create account', nickname: string, password = PASSWORD) {
  await page.getByRole('tab', { name: tab }).click();
  await page.getByLabel('Nickname').fill(nickname);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: tab }).click();
}

/** Resolves once the page is signed in and its room list has arrived. */
export async function waitSignedIn(page: Page) {
  await page.locator('[data-status="signed-in"]').first().waitFor({ state: 'attached' });
  // On a phone the room list is a screen of its own, hidden while a room is shown.
  await page.locator('.room-link').first().waitFor({ state: 'attached' });
}

export async function signUp(rig: Rig, nickname: string, options: PageOptions = {}): Promise<Page> {
  const page = await openPage(rig, options);
  await submitCredentials(page, 'Create account', nickname);
  await waitSignedIn(page);
  return page;
}

/** Types and presses Enter; resolves once the server's copy (with a message_id) replaced the pending echo. */
export async function say(page: Page, text: string) {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  expect(await box.inputValue()).toBe('');
  await messageWithText(page, text).waitFor();
}

/** The newest message whose text is exactly `text` (not merely containing it: "note 1" is not "note 12"). */
export function messageWithText(page: Page, text: string) {
  return page
    .locator('.message[data-message-id]')
    .filter({ has: page.locator('.message-text').getByText(text, { exact: true }) })
    .last();
}

/** Opens a message's ⋯ menu and picks an item. */
export async function messageAction(page: Page, text: string, item: string) {
  await messageWithText(page, text).hover();
  await messageWithText(page, text).getByRole('button', { name: 'Message actions' }).click();
  await page.getByRole('menu', { name: 'Message actions' }).getByRole('menuitem', { name: item, exact: true }).click();
}

export async function sees(page: Page, nickname: string, text: string) {
  const message = messageWithText(page, text);
  await message.waitFor();
  expect(await message.locator('.message-text').textContent()).toBe(text);
  // A grouped follow-up has no header, so look for the author on the page as a whole.
  await page.locator('.message-author', { hasText: nickname }).first().waitFor();
}

/** A sidebar entry by its name. */
export const roomLink = (page: Page, name: string) =>
  page.locator('.room-link').filter({ has: page.locator('.room-link-name', { hasText: name }) });

/** Posts `count` messages to a room over a raw socket, one after another (so seq follows the numbering). */
export async function post(client: TestClient, roomId: number, label: string, count: number) {
  for (let i = 1; i <= count; i++) await client.expectReply('message', { room_id: roomId, content: `${label} ${i}` }, 'ack');
}

/** The seqs of the messages the list shows, in order. */
export const shownSeqs = (page: Page) =>
  page.locator('.messages .message[data-seq]').evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-seq'))));

/** Creates a room through the dialog; resolves once it is open. */
export async function createRoom(page: Page, name: string, options: { kind?: 'Public' | 'Private'; topic?: string } = {}) {
  await page.getByRole('button', { name: 'Create room' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a room' });
  if (options.kind) await dialog.getByLabel(options.kind).check();
  await dialog.getByLabel('Name').fill(name);
  if (options.topic) await dialog.getByLabel(/Topic/).fill(options.topic);
  await dialog.getByRole('button', { name: 'Create room' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.locator('.room-header .room-name', { hasText: name }).waitFor();
}

/** Opens the DM with someone through the dialog; resolves once it is open. */
export async function openDm(page: Page, nickname: string) {
  await page.getByRole('button', { name: 'New direct message' }).click();
  const dialog = page.getByRole('dialog', { name: 'New direct message' });
  await dialog.getByLabel('Nickname').fill(nickname);
  await dialog.getByRole('button', { name: 'Start conversation' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.locator('.room-header .room-name', { hasText: nickname }).waitFor();
}
