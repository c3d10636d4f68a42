import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import { messageWithText, openDm, type Rig, readmeScreenshot, roomLink, say, signUp, skipBrowser, startRig, stopRig } from './helpers.js';

/** Sends as typed (fill keeps newlines; Enter sends) and waits for the stored copy. */
async function send(page: Page, text: string) {
  const box = page.getByRole('textbox', { name: 'Message', exact: true });
  await box.fill(text);
  await box.press('Enter');
  await page.locator('.message[data-pending]').waitFor({ state: 'detached' });
}

/** The newest stored message. */
const newest = (page: Page) => page.locator('.message[data-message-id]').last();

const XSS_CORPUS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">click me</a>',
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](  javascript:alert(1) )',
  '[x](java\nscript:alert(1))',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html,<script>alert(1)</script>)',
  '[x](file:///etc/passwd)',
  '![x](https://example.com/x.png)',
  '![x](javascript:alert(1))',
  '<javascript:alert(1)>',
  'javascript:alert(1)',
  '**<img src=x onerror=alert(1)>**',
  '`<script>alert(1)</script>`',
  '[click](https://example.com/" onmouseover="alert(1))',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '[x]: javascript:alert(1)\n\n[x]',
];

describe.skipIf(skipBrowser)('formatted messages and mentions', () => {
  let rig: Rig;
  let ana: Page;
  let ben: Page;

  beforeAll(async () => {
    rig = await startRig();
    ana = await signUp(rig, 'Ana');
    ben = await signUp(rig, 'Ben');
  });

  afterAll(async () => {
    await stopRig(rig);
  });

  it('bold, italic, code, fenced code, quotes, lists and http(s) links are drawn; content is stored as typed', async () => {
    const text = [
      '**Release** is *today*, run `npm test` first',
      '```',
      `const veryLongLine = "${'x'.repeat(300)}";`,
      '```',
      '> the plan said Friday',
      '',
      '- one',
      '- two',
      '',
      '1. first',
      '2. second',
      '',
      'Notes: https://example.com/notes?a=1&b=2 and #general stays text',
    ].join('\n');
    await send(ana, text);
    const message = newest(ben);
    await message.locator('pre code').waitFor();
    expect(await message.locator('strong').textContent()).toBe('Release');
    expect(await message.locator('em').textContent()).toBe('today');
    expect(await message.locator('p > code').textContent()).toBe('npm test');
    expect(await message.locator('blockquote').textContent()).toBe('the plan said Friday');
    expect(await message.locator('ul li').allTextContents()).toEqual(['one', 'two']);
    expect(await message.locator('ol li').allTextContents()).toEqual(['first', 'second']);
    const link = message.locator('a');
    expect(await link.getAttribute('href')).toBe('https://example.com/notes?a=1&b=2');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    // Code is monospace and scrolls inside its block: the page does not grow sideways.
    const pre = await message.locator('pre').evaluate((element) => ({
      font: getComputedStyle(element.querySelector('code') as Element).fontFamily,
      overflow: getComputedStyle(element).overflowX,
      scrolls: element.scrollWidth > element.clientWidth,
    }));
    expect(pre.font).toMatch(/mono|Menlo|Consolas/i);
    expect(pre.overflow).toBe('auto');
    expect(pre.scrolls).toBe(true);
    expect(await ben.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // The server keeps what was typed: the sidebar's preview shows the raw text.
    expect(await ben.locator('.room-link-preview').first().textContent()).toContain(
      'Notes: https://example.com/notes?a=1&b=2 and #general',
    );
  });

  it('an XSS corpus renders as inert text and http(s)-only links: no dialog, no script, no CSP violation', async () => {
    for (const attack of XSS_CORPUS) await send(ana, attack);
    await ben.waitForFunction((count) => document.querySelectorAll('.message[data-message-id]').length >= count, XSS_CORPUS.length + 1);
    for (const page of [ana, ben]) {
      const messages = page.locator('.messages');
      expect(await messages.locator('script, img, svg, iframe, object, embed').count()).toBe(0);
      const links = await messages.locator('a').evaluateAll((anchors) =>
        anchors.map((anchor) => ({
          href: anchor.getAttribute('href') ?? '',
          target: anchor.getAttribute('target'),
          rel: anchor.getAttribute('rel'),
        })),
      );
      for (const link of links) {
        expect(link.href).toMatch(/^https?:\/\//);
        expect(link).toMatchObject({ target: '_blank', rel: 'noopener noreferrer' });
      }
      // No element carries an event handler attribute.
      const handlers = await messages.evaluate(
        (list) =>
          [...list.querySelectorAll('*')].filter((element) => [...element.attributes].some((attribute) => /^on/i.test(attribute.name)))
            .length,
      );
      expect(handlers).toBe(0);
      // Tags typed as text are shown as text.
      await messageWithText(page, '<script>alert(1)</script>').waitFor();
      await messageWithText(page, '<img src=x onerror=alert(1)>').waitFor();
      await messageWithText(page, '&lt;script&gt;alert(1)&lt;/script&gt;').waitFor();
    }
    // Clicking what looks like a link in the attacks does nothing.
    for (const text of ['x', 'click me']) {
      const candidate = ben.locator('.messages .message-text').getByText(text, { exact: true }).first();
      if ((await candidate.count()) > 0) await candidate.click();
    }
    await ben.waitForTimeout(300);
    expect(rig.dialogs).toEqual([]);
    expect(rig.pageErrors).toEqual([]);
  });

  it('@ in the composer offers the room’s members by keyboard; the mention is highlighted and badged for the one called', async () => {
    await openDm(ben, 'Ana');
    await roomLink(ana, 'general').click();
    const box = ana.getByRole('textbox', { name: 'Message', exact: true });
    await box.fill('');
    await box.pressSequentially('Hi @b');
    const list = ana.getByRole('listbox', { name: 'People in this room' });
    await list.getByRole('option', { name: 'Ben', exact: true }).waitFor();
    expect(await list.getByRole('option').count()).toBe(1);
    expect(await box.getAttribute('aria-activedescendant')).toBe(await list.getByRole('option').first().getAttribute('id'));
    await box.press('Enter');
    await list.waitFor({ state: 'detached' });
    expect(await box.inputValue()).toBe('Hi @Ben ');
    await box.pressSequentially('please look at `@Ben` in the docs');
    // Escape closes the list without leaving the composer; a space after a name ends it.
    await box.press('Enter');
    await messageWithText(ana, 'Hi @Ben please look at @Ben in the docs').waitFor();

    // Ben is in his DM: general gets an @ badge beside its unread count.
    const badge = roomLink(ben, 'general').locator('.mention-badge');
    await badge.waitFor();
    expect(await badge.getAttribute('data-mentions')).toBe('1');
    expect(await badge.locator('.visually-hidden').textContent()).toBe('1 unread mention of you');
    await roomLink(ben, 'general').click();
    const message = messageWithText(ben, 'Hi @Ben please look at @Ben in the docs');
    await message.waitFor();
    expect(await message.getAttribute('class')).toContain('mentions-me');
    // The name is marked where it calls him, not inside code.
    expect(await message.locator('.mention.mention-mine').allTextContents()).toEqual(['@Ben']);
    expect(await message.locator('code').textContent()).toBe('@Ben');
    // Read: the badge goes.
    await badge.waitFor({ state: 'detached' });
    // Ana is not called: her copy is not highlighted for her.
    expect(await messageWithText(ana, 'Hi @Ben please look at @Ben in the docs').getAttribute('class')).not.toContain('mentions-me');
  });

  it('the README’s picture: a reply with a mention, formatting and reactions (UPDATE_SCREENSHOTS=1 refreshes it)', async () => {
    // The DM from the mention test: Ben is there, Ana opens it.
    await roomLink(ana, 'Ben').click();
    await roomLink(ben, 'Ana').click();
    await ben.locator('.room-header .room-name', { hasText: 'Ana' }).waitFor();
    await say(ben, 'Is the release ready? The changelog still says Friday.');
    await say(ben, 'Also: who updates the docs?');
    const question = messageWithText(ana, 'Is the release ready? The changelog still says Friday.');
    await question.waitFor();
    await question.hover();
    await question.getByRole('button', { name: 'Message actions' }).click();
    await ana.getByRole('menuitem', { name: 'Reply' }).click();
    await send(ana, '@Ben yes, **all tests are green** and the notes are at https://example.com/release-notes');
    await send(ana, 'I will update the docs:\n- README\n- `docs/protocol.md`');

    const answer = messageWithText(ben, '@Ben yes, all tests are green and the notes are at https://example.com/release-notes');
    await answer.locator('.reply-quote').waitFor();
    await answer.hover();
    await answer.getByRole('button', { name: 'Message actions' }).click();
    await ben.getByRole('menuitem', { name: 'Add reaction' }).click();
    await ben.getByRole('group', { name: 'Choose a reaction' }).getByRole('button', { name: '🎉' }).click();
    await answer.locator('.reaction-chip[data-emoji="🎉"]').waitFor();
    const reactOn = messageWithText(ana, '@Ben yes, all tests are green and the notes are at https://example.com/release-notes');
    await reactOn.locator('.reaction-chip[data-emoji="🎉"]').click();
    await answer.locator('.reaction-chip[data-emoji="🎉"] .reaction-count', { hasText: '2' }).waitFor();
    await answer.getByRole('button', { name: 'Add reaction' }).click();
    await ben.getByRole('group', { name: 'Choose a reaction' }).getByRole('button', { name: '🚀' }).click();
    await answer.locator('.reaction-chip[data-emoji="🚀"]').waitFor();
    expect(await answer.getAttribute('class')).toContain('mentions-me');

    // Chips, quotes, marked names, the picker and the name suggestions pass axe (serious and critical).
    expect(await seriousViolations(ben)).toEqual([]);
    await answer.getByRole('button', { name: 'Add reaction' }).click();
    await ben.getByRole('group', { name: 'Choose a reaction' }).waitFor();
    expect(await seriousViolations(ben)).toEqual([]);
    await ben.keyboard.press('Escape');
    const box = ben.getByRole('textbox', { name: 'Message', exact: true });
    await box.pressSequentially('@a');
    await ben.getByRole('listbox', { name: 'People in this room' }).waitFor();
    expect(await seriousViolations(ben)).toEqual([]);
    await box.press('Escape');
    await box.fill('');

    await readmeScreenshot(ben, 'screenshots/message-life.png');
  });
});
