import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, startWorker, type AppProcess, type RunningApi } from '../support/processes';

const OUT = resolve(__dirname, '../../out');
const TEXT =
  'The ice left the harbour late that year. The keeper walked the shore each morning, counting the boats. ' +
  'By April the gulls had returned.';

describe('web page: submit, live progress, play with subtitles in sync (headless Chromium)', () => {
  let api: RunningApi;
  let worker: AppProcess;
  let browser: Browser;
  let page: Page;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    api = await startApi(3115);
    worker = await startWorker('cpu:0');
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--autoplay-policy=no-user-gesture-required',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
      if (m.type() === 'error') console.error(`page: ${m.text()}`);
    });
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await api?.process.stop();
  });

  it('narrates pasted text, shows progress to 100 %, plays it with the current subtitle cue', async () => {
    await page.goto(`${api.url}/`);
    await page.fill('#key', api.key);
    await page.click('#key-form button[type=submit]');
    await page.waitForSelector('#submit-section:not([hidden])');
    expect(await page.locator('#voice option').count()).toBeGreaterThan(0);

    await page.fill('#text', TEXT);
    await page.click('#submit');
    const job = page.locator('.job').first();
    await job.locator('.status.completed').waitFor({ timeout: 120_000 });
    expect(await job.locator('progress').getAttribute('value')).toBe('100');
    expect(await job.locator('.percent').textContent()).toBe('100 %');

    const audio = job.locator('audio');
    await audio.waitFor();
    // Element types spelled structurally: this file is type-checked without the DOM library.
    await audio.evaluate(async (a: { muted: boolean; play(): Promise<void> }) => {
      a.muted = true;
      await a.play();
    });
    await expect
      .poll(() => audio.evaluate((a: { currentTime: number }) => a.currentTime), { timeout: 20_000 })
      .toBeGreaterThan(0.5);
    await expect
      .poll(async () => (await job.locator('.cue').textContent()) ?? '', { timeout: 20_000 })
      .not.toBe('');
    const cue = await job.locator('.cue').textContent();
    expect(TEXT).toContain(cue!.trim());
    expect(await job.locator('.downloads a').count()).toBeGreaterThanOrEqual(4);

    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: resolve(OUT, 'web-page.png'), fullPage: true });
    // The key lives in this tab's session storage only: no cookie, no local storage.
    const storage = await page.context().storageState();
    expect(JSON.stringify(storage)).not.toContain(api.key);
    expect(cspViolations).toEqual([]);
  });

  it('refuses a wrong key and serves the API reference at /docs under the same CSP', async () => {
    const fresh = await browser.newPage();
    await fresh.goto(`${api.url}/`);
    await fresh.fill('#key', 'chorus_not-a-real-key');
    await fresh.click('#key-form button[type=submit]');
    await fresh.getByText('That key was not accepted.').waitFor();
    expect(await fresh.locator('#submit-section').isHidden()).toBe(true);

    await fresh.goto(`${api.url}/docs`);
    await fresh.locator('.opblock').first().waitFor();
    expect(await fresh.locator('.opblock').count()).toBeGreaterThan(10);
    await fresh.close();
    expect(cspViolations).toEqual([]);
  });
});
