/**
 * The HTML report in a real browser: Debian's chromium, headless, driven by playwright-core (which
 * downloads no browser of its own). The page is opened from a file, as a user opens a CI artifact,
 * and what it shows is read back: the verdicts and findings, the filter, an exchange's request and
 * answer after a click on its mark, the copy button, and the SVG timelines' pixels. Chromium is
 * installed with apt when it is missing (as root); only where it cannot be is the test skipped, saying
 * how to install it, and under CI=true it fails instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Report } from '../../src/report/Report.js';
import { answerColors, answerWords } from '../../src/report/html/answerColors.js';
import { verdictColors } from '../../src/report/html/verdictMark.js';
import { reportToHtml } from '../../src/report/reportToHtml.js';
import {
  failingReceiverRun,
  hostileBody,
  receiverReport,
  sendReport,
  senderReport,
} from './timelineReports.js';
import { debianPackage, needing } from '../support/requirement.js';

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

/** Where chromium cannot be installed: skipped, saying how to install it; under CI=true, a failure. */
const withChromium = needing(debianPackage('chromium', chromiumInstalled()));

const reports = [receiverReport, senderReport, sendReport];
/** The pages opened: the three reports above, a failing check-receiver run, a run stopped midway. */
const pages: Record<string, readonly Report[]> = {
  reports,
  run: [failingReceiverRun],
  partial: [{ ...senderReport, complete: false, incomplete: 'interrupted by SIGTERM' }, sendReport],
};
/** The smallest width, in CSS pixels, of a timeline mark on a page as wide as the viewports below. */
const MIN_MARK_PX = 8;

withChromium.describe('the HTML report in a real browser (chromium, headless)', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const urls: Record<string, string> = {};
  /** Every URL the page asked for, and every error it logged or threw (a CSP refusal is one). */
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cpn-kit-html-browser-'));
    for (const [name, shown] of Object.entries(pages)) {
      const file = join(dir, `${name}.html`);
      await writeFile(file, reportToHtml(shown));
      urls[name] = pathToFileURL(file).href;
    }
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

  /** A page, freshly loaded from its file, in a viewport `width` pixels wide. */
  async function open(name = 'reports', width = 1100): Promise<Page> {
    requests.length = 0;
    errors.length = 0;
    await page.setViewportSize({ width, height: 900 });
    await page.goto(urls[name]!);
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
      'NOT conformant (3 passed, 1 failed, 1 warnings, 0 skipped)',
      'conformant (1 passed, 0 failed, 0 warnings, 0 skipped)',
    ]);
    expect((await page.locator('.finding-title').allInnerTexts()).sort()).toEqual(
      reports.flatMap((r) => r.findings.map((f) => f.title)).sort(),
    );
    expect(await page.locator('.filters').innerText()).toBe(
      'Show: all 9 fail 2 warn 1 pass 5 skip 1',
    );
    const summary = page.locator('.finding[data-id="answered-in-time"] .summary');
    expect(await summary.innerText()).toContain(`<img src=x onerror="window.__pwned='summary'">`);
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned),
    ).toBeUndefined();
    expect(requests).toEqual([urls.reports]);
    expect(errors).toEqual([]);
  });

  it('hides the other findings when a status is chosen in the filter', async () => {
    await open();
    expect(await visibleIds(page)).toHaveLength(9);
    await page.locator('label[for="filter-fail"]').click();
    expect(await visibleIds(page)).toEqual(['answered-in-time', 'redirect-302']);
    expect(await page.locator('.finding[data-id="accepts-full"]').isVisible()).toBe(false);
    expect(await page.locator('#report-2 .none-shown').isVisible()).toBe(true);
    expect(await page.locator('#report-0 .none-shown').isVisible()).toBe(false);
    await page.locator('label[for="filter-pass"]').click();
    expect(await visibleIds(page)).toEqual([
      'accepts-full',
      'ok-200',
      'retry-503',
      'error-500-then-200',
      'delivered',
    ]);
    await page.locator('label[for="filter-all"]').click();
    expect(await visibleIds(page)).toHaveLength(9);
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

  it('leads with what failed: each report shows fail, warn, pass, skip, in run order inside each', async () => {
    await open();
    const shown = await page
      .locator('.report')
      .evaluateAll((sections) =>
        sections.map((s) =>
          [...s.querySelectorAll('.finding')].map((f) => f.getAttribute('data-id')),
        ),
      );
    expect(shown).toEqual([
      ['answered-in-time', 'accepts-full', 'tls-1.2'],
      ['redirect-302', 'retry-after', 'ok-200', 'retry-503', 'error-500-then-200'],
      ['delivered'],
    ]);
    expect(await page.locator('.finding').first().getAttribute('data-status')).toBe('fail');
  });

  it('shows the two FAILs of a failing check-receiver run on its first screen, before its 16 passes', async () => {
    await open('run');
    const findings = await page.locator('.finding').evaluateAll((nodes) =>
      nodes.map((n) => ({
        status: n.getAttribute('data-status'),
        top: n.getBoundingClientRect().top,
      })),
    );
    expect(findings.map((f) => f.status)).toEqual([
      'fail',
      'fail',
      ...Array.from({ length: 16 }, () => 'pass'),
    ]);
    expect(findings[0]!.top, 'the first FAIL starts on the first screen').toBeLessThan(450);
    expect(findings[1]!.top, 'the second FAIL starts on the first screen').toBeLessThan(900);
  });

  it('says at the top of the page, on its first screen, that a report is incomplete and why', async () => {
    await open('partial');
    const banner = page.locator('.incomplete-banner');
    expect(await banner.count()).toBe(1);
    expect(await banner.innerText()).toMatch(
      /^incomplete \(interrupted by SIGTERM\): the check-sender report of node my-sender\.js was written before its run was over\./,
    );
    const box = (await banner.boundingBox())!;
    expect(box.y + box.height).toBeLessThan(300);
    expect(await page.locator('.verdict').first().innerText()).toMatch(
      /^incomplete \(interrupted by SIGTERM\) /,
    );
  });

  it('has a legend: each answer colour as the bars draw it, and the two verdict marks', async () => {
    await open();
    const legend = page.locator('.legend');
    expect(await legend.isVisible()).toBe(true);
    const text = await legend.innerText();
    for (const words of Object.values(answerWords)) expect(text).toContain(words);
    expect(text).toContain('as it should be');
    expect(text).toContain('part of the defect');
    const swatches = await legend
      .locator('li[data-answer] rect')
      .evaluateAll((rects) =>
        rects.map((r) => [
          r.closest('li')!.getAttribute('data-answer'),
          (globalThis as unknown as PageGlobals).getComputedStyle(r).fill,
        ]),
      );
    expect(Object.fromEntries(swatches)).toEqual(
      Object.fromEntries(Object.entries(answerColors).map(([k, hex]) => [k, rgb(hex)])),
    );
    const legendBox = (await legend.boundingBox())!;
    const firstTimeline = (await page.locator('svg.timeline').first().boundingBox())!;
    expect(legendBox.y).toBeLessThan(firstTimeline.y);
  });

  for (const width of [1100, 420])
    it(`gives every mark ${MIN_MARK_PX} px or more, each its own click target (viewport ${width} px)`, async () => {
      await open('reports', width);
      const bars = page.locator('.attempt-mark .bar');
      expect(await bars.count()).toBe(8);
      for (const bar of await bars.all()) {
        await bar.scrollIntoViewIfNeeded();
        const seen = await bar.evaluate((node) => {
          const box = node.getBoundingClientRect();
          const { document } = globalThis as unknown as PageGlobals;
          const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
          const mark = node.closest('.attempt-mark');
          return {
            width: box.width,
            height: box.height,
            same: hit?.closest('.attempt-mark') === mark,
          };
        });
        expect(seen.width).toBeGreaterThanOrEqual(MIN_MARK_PX);
        expect(seen.height).toBeGreaterThanOrEqual(MIN_MARK_PX);
        expect(seen.same, 'the middle of the mark is its own row').toBe(true);
      }
      const finding = page.locator('.finding[data-id="error-500-then-200"]');
      await finding.locator('.attempt-mark[data-index="0"] .bar').click();
      const panel = finding.locator('.exchange-detail');
      expect(await panel.locator('h4').innerText()).toBe('attempt 1: answered 500');
      expect(await panel.locator('.verdict-line').innerText()).toBe(
        'answer: 5xx answer · verdict: as it should be',
      );
      expect(await panel.locator('.exchange-answer pre').innerText()).toMatch(/^HTTP 500\n/);
      await finding.locator('.attempt-mark[data-index="1"] .bar').click();
      expect(await panel.locator('h4').innerText()).toBe('attempt 2: answered 200');
      expect(errors).toEqual([]);
    });

  it('draws a 500 the sender rightly retried as a 5xx answer, the verdict "as it should be" apart', async () => {
    await open();
    const finding = page.locator('.finding[data-id="error-500-then-200"]');
    const retried = finding.locator('.attempt-mark[data-index="0"]');
    expect(await retried.getAttribute('data-answer')).toBe('5xx');
    expect(await retried.getAttribute('data-verdict')).toBe('ok');
    const bar = retried.locator('.bar');
    expect(
      await bar.evaluate(
        (node) => (globalThis as unknown as PageGlobals).getComputedStyle(node).fill,
      ),
    ).toBe(rgb(answerColors['5xx']));
    const barPixels = await countPixels(page, (await bar.screenshot()).toString('base64'));
    expect(barPixels.answer5xx / barPixels.total, 'the bar is the 5xx colour').toBeGreaterThan(0.6);
    expect(barPixels.verdictOk).toBe(0);
    const mark = retried.locator('.verdict-mark');
    expect(await mark.getAttribute('class')).toBe('verdict-mark verdict-ok');
    const markPixels = await countPixels(page, (await mark.screenshot()).toString('base64'));
    expect(markPixels.verdictOk, 'the verdict mark is the verdict colour').toBeGreaterThan(40);
    expect(markPixels.answer5xx).toBe(0);
    // A row that is part of the defect has the other mark, whatever its answer.
    const late = page.locator('.finding[data-id="answered-in-time"] .attempt-mark[data-index="2"]');
    expect(await late.getAttribute('data-answer')).toBe('5xx');
    expect(await late.locator('.verdict-mark').getAttribute('class')).toBe(
      'verdict-mark verdict-bad',
    );
    const badPixels = await countPixels(
      page,
      (await late.locator('.verdict-mark').screenshot()).toString('base64'),
    );
    expect(badPixels.verdictBad).toBeGreaterThan(40);
  });

  it('names each row in full (cut only when longer than a line), inside the drawing', async () => {
    await open('run');
    const rows = await page.locator('.attempt-mark .row-text').evaluateAll((texts) =>
      texts.map((text) => {
        const svg = text.closest('svg')!;
        const box = text.getBoundingClientRect();
        const frame = svg.getBoundingClientRect();
        return {
          text: text.textContent,
          inside: box.left >= frame.left && box.right <= frame.right,
        };
      }),
    );
    expect(rows).toHaveLength(19);
    expect(rows.filter((r) => !r.inside)).toEqual([]);
    expect(rows.map((r) => r.text)).toContain(
      'first delivery for contract: a duplicate delivery of an already received notification · answered 200 · 3 ms',
    );
    // Only the row longer than a line is cut, both its parts, and it still fits.
    const cut = rows.filter((r) => r.text!.includes('…')).map((r) => r.text);
    expect(cut).toHaveLength(1);
    expect(cut[0]).toMatch(
      /^first delivery for contract: a duplicate delivery of an already [^·]{5,}… · answered 200 with a body of many words [^·]*…$/,
    );
  });

  it('renders the SVG timelines: one mark per exchange, bars in the colours of their answers', async () => {
    await open();
    expect(await page.locator('svg.timeline').count()).toBe(3);
    expect(await page.locator('.attempt-mark').count()).toBe(8);
    const svg = page.locator('.finding[data-id="answered-in-time"] svg.timeline');
    const pixels = await countPixels(page, (await svg.screenshot()).toString('base64'));
    expect(pixels.total).toBeGreaterThan(10_000);
    expect(pixels.answer5xx, 'the bar of the 500 answered after the timeout').toBeGreaterThan(500);
    expect(pixels.answer2xx, 'the bar of the 200 answered in time').toBeGreaterThan(50);
    expect(pixels.verdictBad, 'the marks of the two exchanges that broke the rule').toBeGreaterThan(
      80,
    );
    expect(pixels.dark, 'text, and the dashed line of the response timeout').toBeGreaterThan(200);
  });
});

/** What the page's own scripts see, typed as far as these tests use it (the project compiles without the DOM lib). */
interface PageGlobals {
  __pwned?: string;
  getComputedStyle(node: unknown): { fill: string };
  navigator: { clipboard: { readText(): Promise<string> } };
  Image: new () => { src: string; width: number; height: number; decode(): Promise<void> };
  document: {
    elementFromPoint(x: number, y: number): { closest(selector: string): unknown } | null;
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
  const colors = {
    answer5xx: hexRgb(answerColors['5xx']),
    answer2xx: hexRgb(answerColors['2xx']),
    verdictOk: hexRgb(verdictColors.ok),
    verdictBad: hexRgb(verdictColors.bad),
  };
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
      const names = Object.keys(colors) as (keyof typeof colors)[];
      const named = Object.fromEntries(names.map((name) => [name, 0])) as Record<
        keyof typeof colors,
        number
      >;
      const result = { total: image.width * image.height, dark: 0, ...named };
      for (let i = 0; i < data.length; i += 4) {
        const color = names.find((name) => near(i, colors[name]));
        if (color !== undefined) result[color] += 1;
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
/** A colour as the browser computes it: `rgb(207, 34, 46)`. */
const rgb = (hex: string) => `rgb(${hexRgb(hex).join(', ')})`;
