/**
 * The HTML report in a real browser: Debian's chromium, headless, driven by playwright-core (which
 * downloads no browser of its own). The page is opened from a file, as a user opens a CI artifact,
 * and what it shows is read back: the verdicts and findings, the filter, an exchange's request and
 * answer after a click on its mark, the copy button, and the SVG timelines' pixels. Chromium is
 * installed with apt when it is missing (as root); only where it cannot be is the test skipped, saying
 * how to install it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportToHtml } from '../../src/report/reportToHtml.js';
import { barColors } from '../../src/report/html/timelineRow.js';
import { hostileBody, receiverReport, sendReport, senderReport } from './timelineReports.js';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's chromium, installed here when it is missing and this is root on a machine with apt (as
 * .ci/run does); false when it cannot be installed, and the test then says why it is skipped.
 */
function chromiumInstalled(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return false;
  const apt = (args: string[]) =>
    spawnSync('apt-get', args, {
      stdio: 'ignore',
      timeout: 300_000,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium']);
  return existsSync(CHROMIUM);
}

const hasChromium = chromiumInstalled();
const reason =
  `needs Debian's chromium at ${CHROMIUM}, which could not be installed here: ` +
  'install it with `apt-get install chromium`';

if (!hasChromium) it.skip(`the HTML report in a real browser is skipped: it ${reason}`, () => {});

const reports = [receiverReport, senderReport, sendReport];

describe.skipIf(!hasChromium)('the HTML report in a real browser (chromium, headless)', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  let url: string;
  /** Every URL the page asked for, and every error it logged or threw (a CSP refusal is one). */
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cpn-kit-html-browser-'));
    const file = join(dir, 'report.html');
    await writeFile(file, reportToHtml(reports));
    url = pathToFileURL(file).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox'],
      timeout: 20_000,
    });
    const context = await browser.newContext({
      viewport: { width: 1100, height: 900 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    page = await context.newPage();
    page.setDefaultTimeout(5_000);
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The page, freshly loaded from its file. */
  async function open(): Promise<Page> {
    requests.length = 0;
    errors.length = 0;
    await page.goto(url);
    return page;
  }

  const visibleIds = (page: Page) =>
    page
      .locator('.finding:visible')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')));

  it('shows each report with its verdict, counts, findings; loads nothing, runs no injected script', async () => {
    await open();
    expect(await page.locator('h2').allInnerTexts()).toEqual([
      'check-receiver http://127.0.0.1:8080/notify',
      'check-sender node my-sender.js',
      'send http://127.0.0.1:8080/notify',
    ]);
    expect(await page.locator('.verdict').allInnerTexts()).toEqual([
      'NOT conformant (1 passed, 1 failed, 0 warnings, 1 skipped)',
      'NOT conformant (2 passed, 1 failed, 1 warnings, 0 skipped)',
      'conformant (1 passed, 0 failed, 0 warnings, 0 skipped)',
    ]);
    expect(await page.locator('.finding-title').allInnerTexts()).toEqual(
      reports.flatMap((r) => r.findings.map((f) => f.title)),
    );
    expect(await page.locator('.filters').innerText()).toBe(
      'Show: all 8 fail 2 warn 1 pass 4 skip 1',
    );
    const summary = page.locator('.finding[data-id="answered-in-time"] .summary');
    expect(await summary.innerText()).toContain(`<img src=x onerror="window.__pwned='summary'">`);
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned),
    ).toBeUndefined();
    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
  });

  it('hides the other findings when a status is chosen in the filter', async () => {
    await open();
    expect(await visibleIds(page)).toHaveLength(8);
    await page.locator('label[for="filter-fail"]').click();
    expect(await visibleIds(page)).toEqual(['answered-in-time', 'redirect-302']);
    expect(await page.locator('.finding[data-id="accepts-full"]').isVisible()).toBe(false);
    expect(await page.locator('#report-2 .none-shown').isVisible()).toBe(true);
    expect(await page.locator('#report-0 .none-shown').isVisible()).toBe(false);
    await page.locator('label[for="filter-pass"]').click();
    expect(await visibleIds(page)).toEqual(['accepts-full', 'ok-200', 'retry-503', 'delivered']);
    await page.locator('label[for="filter-all"]').click();
    expect(await visibleIds(page)).toHaveLength(8);
  });

  it("shows an exchange's request and answer when its mark is clicked (or chosen with Enter)", async () => {
    await open();
    const finding = page.locator('.finding[data-id="answered-in-time"]');
    const panel = finding.locator('.exchange-detail');
    await finding.locator('.attempt-mark[data-index="2"]').click();
    expect(await panel.locator('h4').innerText()).toBe(
      'minimal fixture: answered 500 after the timeout',
    );
    const request = await panel.locator('.exchange-request pre').innerText();
    expect(request).toMatch(
      /^POST http:\/\/127\.0\.0\.1:8080\/notify\ncontent-type: application\/json\n/,
    );
    expect(request).toContain('x-attempt: 3');
    expect(request).toContain('"GSW_CAMPAIGN_NAME":"Spring renewals"');
    const answer = await panel.locator('.exchange-answer pre').innerText();
    expect(answer).toMatch(/^HTTP 500\n/);
    expect(answer).toContain(`x-note: "quoted" & 'single'`);
    expect(answer).toContain(hostileBody);
    expect(await finding.locator('.attempt-mark.selected').getAttribute('data-index')).toBe('2');

    await finding.locator('.attempt-mark[data-index="1"]').click();
    expect(await panel.locator('.exchange-request pre').innerText()).toContain('x-attempt: 2');
    expect(await panel.locator('.exchange-answer').innerText()).toContain(
      'No answer was recorded.',
    );

    await finding.locator('.attempt-mark[data-index="0"]').focus();
    await page.keyboard.press('Enter');
    expect(await panel.locator('.exchange-answer pre').innerText()).toMatch(
      /^HTTP 200\n[\s\S]*\{"ok":true\}$/,
    );
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned),
    ).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('has a copy button for the curl command of the failing receiver check', async () => {
    await open();
    const curl = receiverReport.findings.find((f) => f.curl !== undefined)!.curl!;
    const button = page.locator('button.copy');
    expect(await button.count()).toBe(1);
    expect(
      await page.locator('.finding[data-id="answered-in-time"] pre.curl-command').innerText(),
    ).toBe(curl);
    await button.click();
    await expect.poll(() => button.innerText(), { timeout: 2_000 }).not.toBe('copy');
    expect(await button.innerText()).toBe('copied');
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as PageGlobals).navigator.clipboard.readText(),
      ),
    ).toBe(curl);
  });

  it('renders the SVG timelines: one mark per exchange, drawn in the colours of their outcome', async () => {
    await open();
    expect(await page.locator('svg.timeline').count()).toBe(2);
    expect(await page.locator('.attempt-mark').count()).toBe(6);
    for (const box of await page
      .locator('.attempt-mark')
      .evaluateAll((marks) =>
        marks.map((m) => m.getBoundingClientRect().toJSON() as { width: number; height: number }),
      ))
      expect(box.width * box.height).toBeGreaterThan(0);
    const svg = page.locator('.finding[data-id="answered-in-time"] svg.timeline');
    const shot = await svg.screenshot();
    const pixels = await countPixels(page, shot.toString('base64'));
    expect(pixels.total).toBeGreaterThan(10_000);
    expect(pixels.red, 'the bars of the exchanges that broke the rule').toBeGreaterThan(500);
    expect(pixels.green, 'the bar of the exchange answered in time').toBeGreaterThan(10);
    expect(pixels.dark, 'text, and the dashed line of the response timeout').toBeGreaterThan(200);
  });
});

/** What the page's own scripts see, typed as far as these tests use it (the project compiles without the DOM lib). */
interface PageGlobals {
  __pwned?: string;
  navigator: { clipboard: { readText(): Promise<string> } };
  Image: new () => { src: string; width: number; height: number; decode(): Promise<void> };
  document: {
    createElement(tag: 'canvas'): {
      width: number;
      height: number;
      getContext(kind: '2d'): {
        drawImage(image: unknown, x: number, y: number): void;
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
      } | null;
    };
  };
}

/** Counts the pixels of a PNG by colour, decoded by the browser on a blank page of its own. */
async function countPixels(page: Page, png: string) {
  const blank = await page.context().newPage();
  const colors = { red: hexRgb(barColors.bad), green: hexRgb(barColors.ok) };
  const counts = await blank.evaluate(
    async ({ png, colors }) => {
      const { Image, document } = globalThis as unknown as PageGlobals;
      const image = new Image();
      image.src = `data:image/png;base64,${png}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      [canvas.width, canvas.height] = [image.width, image.height];
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const data = context.getImageData(0, 0, image.width, image.height).data;
      const near = (i: number, [r, g, b]: number[]) =>
        Math.abs(data[i]! - r!) + Math.abs(data[i + 1]! - g!) + Math.abs(data[i + 2]! - b!) < 40;
      const result = { total: image.width * image.height, red: 0, green: 0, dark: 0 };
      for (let i = 0; i < data.length; i += 4) {
        if (near(i, colors.red)) result.red += 1;
        else if (near(i, colors.green)) result.green += 1;
        else if (data[i]! + data[i + 1]! + data[i + 2]! < 200) result.dark += 1;
      }
      return result;
    },
    { png, colors },
  );
  await blank.close();
  return counts;
}

const hexRgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
