import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ExchangeRecord, Finding, Report } from '../../src/report/Report.js';
import { formatReport } from '../../src/report/formatReport.js';
import { answerColors, answerWords } from '../../src/report/html/answerColors.js';
import type { ExchangeDetail } from '../../src/report/html/exchangeDetail.js';
import { timelineLayout } from '../../src/report/html/timelineScale.js';
import { verdictColors } from '../../src/report/html/verdictMark.js';
import { reportToHtml } from '../../src/report/reportToHtml.js';
import { reportToJUnit } from '../../src/report/reportToJUnit.js';
import { sampleReport } from './sampleReport.js';
import {
  failingReceiverRun,
  hostileBody,
  receiverReport,
  sendReport,
  senderReport,
} from './timelineReports.js';

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

/**
 * The page's start tags, each with its attribute names and values (the contents of its scripts and
 * its style left out). Text from a report is escaped, so every `<` left opens one of the page's own
 * tags, and every attribute value is double-quoted.
 */
function tagsOf(html: string): { name: string; attributes: [string, string][] }[] {
  const markup = html.replace(/(<(script|style)\b[^>]*>)[\s\S]*?(<\/\2>)/g, '$1$3');
  const tag = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'=/>]+(?:="[^"]*")?)*)\s*\/?>/g;
  return [...markup.matchAll(tag)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attributes: [...m[2]!.matchAll(/([^\s"'=/>]+)(?:="([^"]*)")?/g)].map((a): [string, string] => [
      a[1]!.toLowerCase(),
      a[2] ?? '',
    ]),
  }));
}

/** The exchanges the page embeds for its detail panels (the JSON of its data script). */
function embedded(html: string): ExchangeDetail[][] {
  const json = /<script type="application\/json" id="cpn-exchanges">([\s\S]*?)<\/script>/.exec(
    html,
  );
  expect(json, 'the page embeds its exchanges').not.toBeNull();
  expect(json![1]).not.toMatch(/[<>&\u2028\u2029]/);
  return JSON.parse(json![1]!);
}

const withTimelines = (
  findings: readonly Finding[],
  n: number,
  exchanges: readonly ExchangeRecord[],
) =>
  Array.from({ length: n }, (_, i): Finding => ({
    ...findings[0]!,
    id: `f${i}`,
    timeline: { limitMs: 10_000, exchanges },
  }));

const hostile: Report = {
  command: 'check-receiver',
  subject: `http://x/"><script>alert('subject')</script>`,
  startedAt: '2026-11-24T23:00:00.000Z" onload="alert(1)',
  durationMs: 10,
  findings: [
    {
      id: `id" onmouseover="alert('id')`,
      title: '<b>title</b>',
      status: 'fail',
      summary: '<img src=x onerror=alert(1)>',
      details: ['<iframe src="javascript:alert(2)"></iframe>'],
      curl: `curl 'http://x/' --data-raw '</pre><script>alert("curl")</script>'`,
      timeline: {
        limitMs: 10_000,
        exchanges: [
          {
            label: `"attempt" 'one' <svg onload=alert(3)>`,
            startMs: 0,
            durationMs: 5,
            outcome: 'answered 200 </text><script>alert(4)</script>',
            ok: false,
            request: {
              method: 'POST',
              url: 'http://x/?a=<script>',
              headers: { 'x-"quoted"': `it's "here" <now>` },
              body: '</script><script>alert(1)</script>',
            },
            answer: { status: 200, headers: {}, body: hostileBody },
          },
        ],
      },
    },
  ],
};

describe('reportToHtml: one self-contained page', () => {
  const html = reportToHtml([senderReport, receiverReport, sendReport]);

  it('loads nothing from anywhere: no external src/href, no <link>, no CSS url() or @import', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    const tags = tagsOf(html);
    const attributes = tags.flatMap((t) => t.attributes);
    expect(attributes.filter(([, value]) => /https?:|\/\//i.test(value))).toEqual([]);
    const fetching = /^(?:src|href|xlink:href|srcset|action|formaction|poster|data|background)$/;
    expect(attributes.filter(([name]) => fetching.test(name))).toEqual([]);
    const embedding = 'link img iframe object embed image use audio video frame'.split(' ');
    expect(tags.filter((t) => embedding.includes(t.name))).toEqual([]);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;`,
    );
  });

  it('names its inline script and style by hash in its Content-Security-Policy, and no other script', () => {
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = (text: string) => createHash('sha256').update(text).digest('base64');
    expect(html).toContain(`script-src &#39;sha256-${hash(script)}&#39;`);
    expect(html).toContain(`style-src &#39;sha256-${hash(style)}&#39;`);
    expect(count(html, /<script\b/g)).toBe(2);
  });

  it('shows each report: command, subject, start, duration, verdict with its counts', () => {
    expect(count(html, /<section class="report"/g)).toBe(3);
    expect(html).toContain(
      '<span class="command">check-sender</span> <span class="subject">node my-sender.js</span>',
    );
    expect(html).toContain('<time datetime="2026-11-24T23:01:00.000Z">');
    expect(html).toContain('took 21.7 s');
    expect(html).toContain(
      '<strong>NOT conformant</strong> <span class="counts">(3 passed, 1 failed, 1 warnings, 0 skipped)',
    );
    expect(html).toContain(
      '<strong>conformant</strong> <span class="counts">(1 passed, 0 failed, 0 warnings, 0 skipped)',
    );
    expect(html).toContain('3 reports: 1 conformant, 2 NOT conformant.');
  });

  it('shows every finding with its status, id, title, summary and details, and a filter with the counts', () => {
    const findings = [senderReport, receiverReport, sendReport].flatMap((r) => r.findings);
    expect(count(html, /<article class="finding"/g)).toBe(findings.length);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(html).toContain(`data-status="${f.status}" data-id="${f.id}"`);
    expect(html).toContain(
      '<span class="badge badge-warn">WARN</span><code class="finding-id">retry-after</code>',
    );
    expect(html).toContain(
      '<li>what happened: answered 302 with Location /cpn/__redirect-target/redirect-302</li>',
    );
    for (const choice of ['all', 'fail', 'warn', 'pass', 'skip'])
      expect(html).toContain(`<input type="radio" name="filter" id="filter-${choice}"`);
    expect(html).toContain('<label for="filter-fail">fail <span class="count">2</span></label>');
    expect(html).toContain('<label for="filter-all">all <span class="count">9</span></label>');
    expect(html).toContain(
      '#filter-pass:checked ~ main .finding:not([data-status="pass"]) { display: none; }',
    );
  });

  it('draws one attempt-mark per exchange, numbered, and embeds each exchange for its panel', () => {
    const exchanges = [senderReport, receiverReport].flatMap((r) =>
      r.findings.flatMap((f) => f.timeline?.exchanges ?? []),
    );
    expect(count(html, /<g class="attempt-mark[^"]*"/g)).toBe(exchanges.length);
    expect(count(html, /<svg class="timeline"/g)).toBe(3);
    expect([...html.matchAll(/data-timeline="2" data-index="(\d+)"/g)].map((m) => m[1])).toEqual([
      '0',
      '1',
      '2',
    ]);
    const data = embedded(html);
    expect(data.map((t) => t.length)).toEqual([3, 2, 3]);
    expect(data[2]![2]).toMatchObject({
      label: 'minimal fixture',
      ok: false,
      answerClass: '5xx',
      request: { firstLine: 'POST http://127.0.0.1:8080/notify' },
      answer: { firstLine: 'HTTP 500', body: hostileBody },
    });
    expect(data[0]![1]!.answer).toBeUndefined();
  });

  it('draws the response timeout as a labelled dashed line, and an unanswered exchange up to it, marked', () => {
    expect(count(html, /<line class="limit-line"[^>]*stroke-dasharray/g)).toBe(3);
    expect(html).toContain('>response timeout 10 s</text>');
    expect(count(html, /<rect class="bar no-answer"/g)).toBe(2);
    expect(count(html, />no answer<\/text>/g)).toBe(2);
  });

  it('puts a curl command in a <pre> with a copy button', () => {
    const button = '<button type="button" class="copy" data-for="r1-f1-curl">copy</button></div>';
    const pre = '<pre class="curl-command" id="r1-f1-curl">';
    expect(html).toContain(
      `${button}${pre}curl -sS -X POST &#39;http://127.0.0.1:8080/notify&#39; -H`,
    );
  });

  it('titles the page by its commands, or by the title asked for', () => {
    expect(html).toContain('<title>cpn-kit report: check-sender, check-receiver, send</title>');
    expect(reportToHtml([sampleReport], { title: 'OCS <nightly>' })).toContain(
      '<title>OCS &lt;nightly&gt;</title>',
    );
    expect(reportToHtml([])).toContain('No reports.');
  });
});

/** The ids of the findings in the order the page shows them, report by report. */
const shownIds = (html: string) =>
  html
    .split(/(?=<section class="report")/)
    .slice(1)
    .map((section) =>
      [...section.matchAll(/<article class="finding" [^>]*data-id="([^"]*)"/g)].map((m) => m[1]),
    );

/** The `<g class="attempt-mark …">` start tag and content of one row: `timeline` and `index` on the page. */
function row(html: string, timeline: number, index: number): string {
  const start = html.indexOf(`data-timeline="${timeline}" data-index="${index}"`);
  expect(start, `row ${index} of timeline ${timeline}`).toBeGreaterThan(0);
  const ends = [html.indexOf('<g class="attempt-mark', start), html.indexOf('</svg>', start)];
  return html.slice(
    html.lastIndexOf('<g class="attempt-mark', start),
    Math.min(...ends.filter((end) => end > 0)),
  );
}

describe('reportToHtml: the page leads with what failed', () => {
  const runOrder: Report = {
    ...sampleReport,
    findings: (
      [
        ['a', 'pass'],
        ['b', 'skip'],
        ['c', 'fail'],
        ['d', 'warn'],
        ['e', 'pass'],
        ['f', 'fail'],
        ['g', 'skip'],
        ['h', 'warn'],
      ] as const
    ).map(([id, status]) => ({ id, title: id, status, summary: `${id} ${status}` })),
  };

  it("shows each report's findings fail, warn, pass, skip, in run order inside each status", () => {
    expect(shownIds(reportToHtml([runOrder]))).toEqual([['c', 'f', 'd', 'h', 'a', 'e', 'b', 'g']]);
    expect(shownIds(reportToHtml([senderReport, receiverReport, sendReport]))).toEqual([
      ['redirect-302', 'retry-after', 'ok-200', 'retry-503', 'error-500-then-200'],
      ['answered-in-time', 'accepts-full', 'tls-1.2'],
      ['delivered'],
    ]);
    const run = shownIds(reportToHtml([failingReceiverRun]))[0]!;
    expect(run.slice(0, 2)).toEqual(['rejects-unparseable-body', 'rejects-missing-mandatory']);
    expect(run.slice(2)).toEqual(
      failingReceiverRun.findings.filter((f) => f.status === 'pass').map((f) => f.id),
    );
  });

  it("keeps each finding's element id by its place in the run (the curl button still finds its command)", () => {
    const html = reportToHtml([runOrder]);
    expect(html).toContain('<article class="finding" id="r0-f2" data-status="fail" data-id="c">');
    expect(html.indexOf('id="r0-f2"')).toBeLessThan(html.indexOf('id="r0-f0"'));
  });

  it('leaves the terminal, JSON and JUnit outputs in run order', () => {
    const ids = runOrder.findings.map((f) => f.id);
    const terminal = formatReport(runOrder).split('\n').slice(0, -2);
    expect(terminal.map((line) => /^[A-Z]{4} (\w+):/.exec(line)?.[1])).toEqual(ids);
    const junit = [...reportToJUnit(runOrder).matchAll(/<testcase [^>]*name="(\w+):/g)];
    expect(junit.map((m) => m[1])).toEqual(ids);
  });

  it('says at the top of the page, before any finding, that a report is incomplete and why', () => {
    const partial: Report = { ...runOrder, complete: false, incomplete: 'interrupted by SIGTERM' };
    const html = reportToHtml([partial, sendReport]);
    const head = /<header class="page-head">[\s\S]*?<\/header>/.exec(html)![0];
    expect(head).toMatch(
      /<p class="incomplete-banner" role="alert"><strong>incomplete \(interrupted by SIGTERM\)<\/strong>: the check-receiver report of http:\/\/127\.0\.0\.1:8080\/notify was written before its run was over\./,
    );
    expect(head).toContain('2 reports: 1 conformant, 0 NOT conformant, 1 incomplete.');
    expect(html).toContain('<strong>incomplete (interrupted by SIGTERM)</strong>');
    expect(reportToHtml([runOrder])).not.toContain('class="incomplete-banner"');
  });
});

describe('reportToHtml: a timeline mark is coloured by the answer, its verdict shown apart', () => {
  const html = reportToHtml([senderReport, receiverReport, sendReport]);

  it('draws a 500 the sender rightly retried as a 5xx answer, with the verdict mark "as it should be"', () => {
    const retried = row(html, 1, 0);
    expect(retried).toMatch(/^<g class="attempt-mark" data-answer="5xx" data-verdict="ok"/);
    expect(retried).toContain(`<rect class="bar" `);
    expect(retried).toMatch(new RegExp(`<rect class="bar" [^>]*fill="${answerColors['5xx']}"`));
    expect(retried).toMatch(/<g class="verdict-mark verdict-ok"/);
    expect(retried).toContain(
      'aria-label="attempt 1: answered 500 · 1 ms; 5xx answer; as it should be;',
    );
    expect(row(html, 1, 1)).toMatch(new RegExp(`fill="${answerColors['2xx']}"`));
  });

  it('marks the exchanges that are part of the defect apart from their answer', () => {
    const late500 = row(html, 2, 2);
    expect(late500).toMatch(
      /^<g class="attempt-mark attempt-bad" data-answer="5xx" data-verdict="bad"/,
    );
    expect(late500).toMatch(new RegExp(`<rect class="bar" [^>]*fill="${answerColors['5xx']}"`));
    expect(late500).toMatch(/<g class="verdict-mark verdict-bad"/);
    expect(late500).toContain('part of the defect');
    expect(row(html, 2, 0)).toMatch(/data-answer="2xx" data-verdict="ok"/);
  });

  it('reads the answer of a record written without answerClass from its status, else "no answer"', () => {
    // The fixtures of retry-503 carry no answerClass, as a report written before it existed.
    expect(row(html, 0, 0)).toMatch(/data-answer="5xx" data-verdict="ok"/);
    expect(row(html, 0, 1)).toMatch(/data-answer="no-answer" data-verdict="ok"/);
    expect(row(html, 0, 1)).toMatch(
      new RegExp(`<rect class="bar no-answer" [^>]*fill="${answerColors['no-answer']}"`),
    );
    expect(embedded(html)[0]![0]).toMatchObject({ ok: true, answerClass: '5xx' });
  });

  it('gives every bar at least the minimum width, however short the exchange', () => {
    const widths = [...html.matchAll(/<rect class="bar[^"]*" [^>]*width="([\d.]+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(widths).toHaveLength(8);
    expect(timelineLayout.minBarWidth).toBeGreaterThanOrEqual(10);
    for (const width of widths) expect(width).toBeGreaterThanOrEqual(timelineLayout.minBarWidth);
  });

  it('has one legend, above the findings, naming every answer colour and both verdict marks', () => {
    expect(count(html, /<aside class="legend"/g)).toBe(1);
    const legend = /<aside class="legend"[\s\S]*?<\/aside>/.exec(html)![0];
    expect(html.indexOf('<aside class="legend"')).toBeLessThan(html.indexOf('<main>'));
    const item = (attribute: string) => {
      const found = new RegExp(`<li [^>]*${attribute}[^>]*>[\\s\\S]*?</li>`).exec(legend);
      expect(found, `a legend item with ${attribute}`).not.toBeNull();
      return found![0];
    };
    for (const [answer, words] of Object.entries(answerWords)) {
      const swatch = item(`data-answer="${answer}"`);
      expect(swatch).toContain(`fill="${answerColors[answer as keyof typeof answerColors]}"`);
      expect(swatch).toContain(words);
    }
    expect(item('data-verdict="ok"')).toContain(`fill="${verdictColors.ok}"`);
    expect(item('data-verdict="ok"')).toContain('as it should be');
    expect(item('data-verdict="bad"')).toContain(`fill="${verdictColors.bad}"`);
    expect(item('data-verdict="bad"')).toContain('part of the defect');
    expect(reportToHtml([sendReport])).not.toContain('class="legend"');
  });

  it('names each row in full: its interaction or probe, and its outcome', () => {
    const run = reportToHtml([failingReceiverRun]);
    const labels = [...run.matchAll(/<tspan class="row-label">([^<]*)<\/tspan>/g)].map((m) => m[1]);
    expect(labels).toContain(
      'first delivery for contract: a duplicate delivery of an already received notification',
    );
    expect(labels).toContain('contract: a notification from a CX Contact LIFO campaign group');
    expect(labels).toContain('a retried notification: second delivery (the same bytes)');
    // Only the label longer than its line holds is cut (the response-time row, its outcome long too).
    expect(labels.filter((label) => label!.includes('…'))).toEqual([
      expect.stringMatching(
        /^first delivery for contract: a duplicate delivery of an already .{5,}…$/,
      ),
    ]);
  });
});

describe('reportToHtml: text from the network stays text', () => {
  const html = reportToHtml([hostile]);

  it('escapes markup in text: no element or attribute comes from the report', () => {
    for (const raw of [
      '<img',
      '<iframe',
      '<svg onload',
      '<b>',
      '<script>alert',
      '</pre><script>',
      '</text><script>',
    ])
      expect(html).not.toContain(raw);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;iframe src=&quot;javascript:alert(2)&quot;&gt;&lt;/iframe&gt;');
    expect(count(html, /<script\b/g)).toBe(2);
    expect(count(html, /<\/script>/g)).toBe(2);
    expect(count(html, /<svg class="timeline"/g)).toBe(1);
    expect(count(html, /<svg\b/g)).toBe(count(html, /<svg class="(?:timeline|swatch)"/g));
  });

  it('escapes " and \' inside attributes: no attribute is closed early', () => {
    expect(html).toContain('data-id="id&quot; onmouseover=&quot;alert(&#39;id&#39;)"');
    expect(html).toContain('datetime="2026-11-24T23:00:00.000Z&quot; onload=&quot;alert(1)"');
    expect(html).toContain(
      'aria-label="&quot;attempt&quot; &#39;one&#39; &lt;svg onload=alert(3)&gt;:',
    );
    const tags = tagsOf(html);
    const names = tags.flatMap((t) => t.attributes.map(([name]) => name));
    expect(names.filter((name) => name.startsWith('on'))).toEqual([]);
    expect(names.filter((name) => !/^[a-z][a-z0-9-]*$/.test(name))).toEqual([]);
    const ours = ['article', 'body', 'button', 'code', 'div', 'g', 'h1', 'h2', 'head', 'header'];
    ours.push('html', 'input', 'label', 'li', 'line', 'main', 'meta', 'nav', 'p', 'pre', 'rect');
    ours.push('script', 'section', 'span', 'strong', 'style', 'svg', 'text', 'time', 'title', 'ul');
    ours.push('aside', 'circle', 'path', 'tspan');
    expect([...new Set(tags.map((t) => t.name))].sort()).toEqual(ours.sort());
  });

  it('embeds bodies, headers and URLs as JSON that cannot end its script element, and reads back exactly', () => {
    const [timeline] = embedded(html);
    const exchange = timeline![0]!;
    expect(exchange.request!.body).toBe('</script><script>alert(1)</script>');
    expect(exchange.request!.headers).toEqual([['x-"quoted"', `it's "here" <now>`]]);
    expect(exchange.request!.firstLine).toBe('POST http://x/?a=<script>');
    expect(exchange.answer!.body).toBe(hostileBody);
    expect(html).toContain('\\u003c/script\\u003e\\u003cscript\\u003ealert(1)');
  });
});

describe('reportToHtml: a large report stays usable', () => {
  it('cuts each body to 64 KiB (never inside a character), and says so', () => {
    const big = `${'é'.repeat(40 * 1024)}`; // 80 KiB of UTF-8, 2 bytes a character
    const exchange: ExchangeRecord = {
      label: 'attempt 1',
      startMs: 0,
      durationMs: 3,
      outcome: 'answered 200',
      ok: true,
      request: { method: 'POST', url: 'http://127.0.0.1/', headers: {}, body: big },
      answer: { status: 200, headers: {}, body: 'small' },
    };
    const html = reportToHtml([
      { ...sampleReport, findings: withTimelines(sampleReport.findings, 1, [exchange]) },
    ]);
    const detail = embedded(html)[0]![0]!;
    expect(Buffer.byteLength(detail.request!.body!)).toBe(64 * 1024);
    expect(detail.request!.body).toBe('é'.repeat(32 * 1024));
    expect(detail.request!.bodyNote).toBe('cut: the first 64 KiB of 80 KiB are shown');
    expect(detail.answer!.body).toBe('small');
    expect(detail.answer!.bodyNote).toBeUndefined();
    expect(html.length).toBeLessThan(100 * 1024);
  });

  it('draws at most 2000 timelines, and says how many it left out', () => {
    const exchange: ExchangeRecord = {
      label: 'attempt 1',
      startMs: 0,
      durationMs: 3,
      outcome: 'answered 200',
      ok: true,
    };
    const html = reportToHtml([
      { ...sampleReport, findings: withTimelines(sampleReport.findings, 2003, [exchange]) },
    ]);
    expect(count(html, /<svg class="timeline"/g)).toBe(2000);
    expect(count(html, /<g class="attempt-mark/g)).toBe(2000);
    expect(count(html, /<article class="finding"/g)).toBe(2003);
    expect(embedded(html)).toHaveLength(2000);
    expect(html).toContain(
      'the first 2000 findings that have one (failures first); 3 more are left out',
    );
    expect(count(html, /class="note timeline-omitted">Timeline left out/g)).toBe(3);
  });
});
