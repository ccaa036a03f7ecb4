import { filterChoices } from './filterControls.js';

/** The filter's rules: the chosen radio hides the other findings, and says so where none is left. */
const filterRules = filterChoices
  .map((c) =>
    [
      `#filter-${c}:checked ~ .filters label[for="filter-${c}"] { background: #1f2328; color: #fff; }`,
      `#filter-${c}:focus-visible ~ .filters label[for="filter-${c}"] { outline: 2px solid #0969da; }`,
      ...(c === 'all'
        ? []
        : [
            `#filter-${c}:checked ~ main .finding:not([data-status="${c}"]) { display: none; }`,
            `#filter-${c}:checked ~ main .report:not(:has(.finding[data-status="${c}"])) .none-shown ` +
              '{ display: block; }',
          ]),
    ].join('\n'),
  )
  .join('\n');

/** The page's whole style sheet, inline: system fonts, a coloured badge per status, no external resource. */
export const pageStyle = `
:root { color-scheme: light; --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --skip: #6e7781;
  --line: #d0d7de; --muted: #57606a; --soft: #f6f8fa; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  margin: 0 auto; max-width: 70rem; padding: 1rem 1.5rem 3rem; color: #1f2328; background: #fff; line-height: 1.45; }
h1 { font-size: 1.5rem; margin: 0.5rem 0; }
h2 { font-size: 1.15rem; margin: 0 0 0.2rem; overflow-wrap: anywhere; }
h2 .command { font-weight: 700; margin-right: 0.4rem; }
h2 .subject { font-weight: 400; font-size: 0.95rem;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85rem; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; border: 1px solid var(--line);
  border-radius: 0.3rem; padding: 0.5rem; margin: 0.2rem 0; max-height: 24rem; overflow: auto; }
.meta, .note, .none-shown, .duration { color: var(--muted); font-size: 0.85rem; }
.notice { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 0.4rem; padding: 0.4rem 0.7rem; }
.incomplete-banner { background: #ffebe9; border: 2px solid var(--fail); border-radius: 0.4rem;
  padding: 0.6rem 0.9rem; margin: 0.6rem 0; font-size: 1.05rem; }
.incomplete-banner strong { color: var(--fail); }
.legend { border: 1px solid var(--line); border-radius: 0.4rem; background: var(--soft);
  padding: 0.3rem 0.8rem; margin: 0.4rem 0 0.8rem; font-size: 0.85rem; }
.legend p { margin: 0.3rem 0; }
.legend ul { list-style: none; margin: 0.2rem 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1.1rem; }
.legend li { display: inline-flex; align-items: center; gap: 0.35rem; }
svg.swatch { display: inline-block; flex: none; }
.filter-input { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }
.filters { margin: 0.8rem 0; }
.filters label { display: inline-block; cursor: pointer; border: 1px solid var(--line); border-radius: 2rem;
  padding: 0.15rem 0.8rem; margin: 0 0.2rem 0.3rem 0; background: var(--soft); }
.filters .count { font-variant-numeric: tabular-nums; opacity: 0.75; }
${filterRules}
.none-shown { display: none; font-style: italic; }
.report { border-top: 2px solid var(--line); margin-top: 1.5rem; padding-top: 0.7rem; }
.verdict { font-size: 1.05rem; margin: 0.3rem 0 0.6rem; }
.verdict-pass strong { color: var(--pass); }
.verdict-fail strong { color: var(--fail); }
.badge { display: inline-block; min-width: 2.8rem; text-align: center; padding: 0.05rem 0.35rem;
  border-radius: 0.3rem; color: #fff; background: var(--skip); font-size: 0.75rem; font-weight: 700; }
.badge-pass { background: var(--pass); } .badge-fail { background: var(--fail); }
.badge-warn { background: var(--warn); } .badge-skip { background: var(--skip); }
.finding { border: 1px solid var(--line); border-left: 4px solid var(--skip); border-radius: 0.4rem;
  padding: 0.5rem 0.8rem; margin: 0.6rem 0; overflow-wrap: anywhere; }
.finding[data-status="pass"] { border-left-color: var(--pass); }
.finding[data-status="fail"] { border-left-color: var(--fail); }
.finding[data-status="warn"] { border-left-color: var(--warn); }
.finding-head { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: baseline; }
.finding-title { font-weight: 600; }
.summary { margin: 0.3rem 0; }
.details { margin: 0.2rem 0; padding-left: 1.2rem; color: #424a53; }
.timeline-scroll { overflow-x: auto; margin-top: 0.4rem; }
svg.timeline { display: block; max-width: 100%; min-width: 640px; height: auto; font-size: 12px; }
svg .attempt-mark { cursor: pointer; outline: none; }
svg .attempt-mark[data-verdict="bad"] .row-hit { fill: var(--fail); fill-opacity: 0.07; }
svg .attempt-mark:hover .row-hit, svg .attempt-mark:focus .row-hit { fill: #0969da; fill-opacity: 0.06; }
svg .attempt-mark:focus-visible .row-hit { stroke: #0969da; }
svg .attempt-mark.selected .row-hit { fill: #0969da; fill-opacity: 0.14; }
svg .row-text { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg .row-label { font-weight: 600; }
svg .row-label, svg .limit-label { fill: #1f2328; }
svg .row-outcome { fill: #424a53; }
svg .no-answer-label { font-size: 11px; font-style: italic; }
.exchange-detail { border: 1px solid var(--line); border-radius: 0.4rem; background: var(--soft);
  padding: 0.4rem 0.6rem; margin-top: 0.4rem; }
.exchange-detail h4 { margin: 0.2rem 0; font-size: 0.95rem; }
.verdict-line { margin: 0.1rem 0; font-size: 0.9rem; }
.verdict-line-ok { color: var(--pass); } .verdict-line-bad { color: var(--fail); font-weight: 600; }
.exchange-detail h5 { margin: 0.4rem 0 0.1rem; font-size: 0.85rem; }
.exchange-parts { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0.6rem; }
.curl { margin-top: 0.5rem; }
.curl-head { display: flex; gap: 0.6rem; align-items: center; font-size: 0.85rem; color: var(--muted); }
button.copy { font: inherit; cursor: pointer; border: 1px solid var(--line); border-radius: 0.3rem;
  background: var(--soft); padding: 0.1rem 0.6rem; }
`;
