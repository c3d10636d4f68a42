import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngFile } from '../files/file-fixtures.js';
import { messageWithText, type Rig, signUp, skipBrowser, startRig, stopRig } from './helpers.js';

describe.skipIf(skipBrowser)('files in the web page', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => stopRig(rig));

  it('a pasted image uploads with progress, shows as a thumbnail in the other context and opens in a lightbox; a file card downloads', async () => {
    const ana = await signUp(rig, 'Ana');
    const ben = await signUp(rig, 'Ben');
    const png = (await pngFile(640, 400)).toString('base64');
    await ana.evaluate((base64) => {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'screenshot.png', { type: 'image/png' }));
      const box = document.querySelector('textarea[name="message"]') as HTMLTextAreaElement;
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, png);
    const progress = ana.locator('.upload progress');
    await progress.waitFor({ state: 'attached' });
    await expect.poll(() => progress.evaluate((bar) => (bar as HTMLProgressElement).value), { timeout: 10_000 }).toBe(1);
    const box = ana.getByRole('textbox', { name: 'Message' });
    await box.fill('the new screen');
    await box.press('Enter');

    const thumb = messageWithText(ben, 'the new screen').locator('.thumbnail img');
    await thumb.waitFor();
    // The box is reserved from the message's width and height, before the image loads.
    expect([await thumb.getAttribute('width'), await thumb.getAttribute('height')]).toEqual(['320', '200']);
    await expect.poll(() => thumb.evaluate((image) => (image as HTMLImageElement).naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0);

    await messageWithText(ben, 'the new screen').locator('.thumbnail').click();
    const full = ben.locator('dialog .lightbox img');
    await full.waitFor();
    await expect.poll(() => full.evaluate((image) => (image as HTMLImageElement).naturalWidth), { timeout: 10_000 }).toBe(640);
    expect(await ben.locator('dialog .lightbox a[download]').getAttribute('href')).toMatch(/^\/files\/[\w-]{22}\/screenshot\.png$/);
    await ben.keyboard.press('Escape');

    await ana
      .locator('[data-testid="file-input"]')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello notes') });
    await ana.locator('.upload[data-upload-state="done"]').waitFor();
    await ana.getByRole('button', { name: 'Send' }).click();
    const card = ben.locator('.file-card', { hasText: 'notes.txt' });
    await card.waitFor();
    const [download] = await Promise.all([ben.waitForEvent('download'), card.click()]);
    expect(download.suggestedFilename()).toBe('notes.txt');
    expect(await readFile(await download.path(), 'utf8')).toBe('hello notes');
    expect(rig.pageErrors).toEqual([]);
  }, 90_000);
});
