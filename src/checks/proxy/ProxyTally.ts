import type { Finding } from '../../report/Report.js';
import { counted } from '../../util/counted.js';
import { notificationFinding } from './notificationFinding.js';
import { PROXY_RULES, type JudgedNotification, type ProxyRuleId } from './TrackedNotification.js';

/** How many notification findings (with their timelines) a report keeps: the failing ones, and a few passing. */
const KEPT_FAILING = 100;
const KEPT_PASSING = 10;
const EXAMPLES = 20;

/**
 * What the proxy has judged so far, in bounded memory: counts, per rule the notifications that broke
 * it (with the first examples), and the first notifications in full for the report.
 */
export class ProxyTally {
  readonly counts = { notifications: 0, delivered: 0, lost: 0, open: 0 };
  readonly #rules = new Map<ProxyRuleId, { count: number; examples: string[] }>();
  readonly #kept: Finding[] = [];
  #keptPassing = 0;
  #keptFailing = 0;
  readonly #ambiguous: string[] = [];
  /** Redirects whose Location leads away from the proxy: how many, and the first. */
  readonly #unseen = { count: 0, first: '' };

  constructor(readonly timeoutSeconds: number) {}

  add(judged: JudgedNotification): void {
    this.counts.notifications += 1;
    this.counts[judged.state] += 1;
    for (const rule of new Set(judged.violations.map((v) => v.rule))) {
      const entry = this.#rules.get(rule) ?? { count: 0, examples: [] };
      entry.count += 1;
      const first = judged.violations.find((v) => v.rule === rule)!;
      if (entry.examples.length < EXAMPLES)
        entry.examples.push(`${judged.notification.guid}: ${first.text}`);
      this.#rules.set(rule, entry);
    }
    for (const location of judged.notification.unseenLocations) {
      this.#unseen.count += 1;
      this.#unseen.first ||= location;
    }
    const { ambiguousWith } = judged.notification;
    if (ambiguousWith !== undefined && this.#ambiguous.length < EXAMPLES)
      this.#ambiguous.push(`${judged.notification.guid} has the same content as ${ambiguousWith}`);
    this.#keep(judged);
  }

  #keep(judged: JudgedNotification): void {
    const failing = judged.violations.length > 0;
    if (failing ? this.#keptFailing >= KEPT_FAILING : this.#keptPassing >= KEPT_PASSING) return;
    if (failing) this.#keptFailing += 1;
    else this.#keptPassing += 1;
    this.#kept.push(notificationFinding(judged, this.timeoutSeconds));
  }

  /** A finding per rule: pass, fail with how many notifications broke it, or skip when none was seen. */
  ruleFindings(): Finding[] {
    return (Object.keys(PROXY_RULES) as ProxyRuleId[]).map((rule) => {
      const broken = this.#rules.get(rule);
      const title = PROXY_RULES[rule];
      if (this.counts.notifications === 0)
        return { id: rule, title, status: 'skip', summary: 'no notification was seen' };
      if (broken === undefined && rule === 'sender-redirects' && this.#unseen.count > 0)
        return { id: rule, title, status: 'warn', summary: this.#unseenSummary() };
      if (broken === undefined)
        return {
          id: rule,
          title,
          status: 'pass',
          summary:
            this.counts.notifications === 1
              ? 'the 1 notification'
              : `all ${this.counts.notifications} notifications`,
        };
      return {
        id: rule,
        title,
        status: 'fail',
        summary: `${broken.count} of ${counted(this.counts.notifications, 'notification')}, e.g. ${broken.examples[0]}`,
        details: broken.examples,
      };
    });
  }

  #unseenSummary(): string {
    const { count, first } = this.#unseen;
    return `none seen, but ${counted(count, 'redirect')} gave a Location away from the proxy (${first}): a sender following it goes around the proxy, where it cannot be seen`;
  }

  /** A warning for notifications that could be a retry with a regenerated GUID or a new one. */
  ambiguityFinding(): Finding | undefined {
    if (this.#ambiguous.length === 0) return undefined;
    return {
      id: 'ambiguous',
      title: 'notifications that could be a retry with a regenerated GUID, or new ones',
      status: 'warn',
      summary: `${this.#ambiguous.length} notification(s) share their content with more than one open notification; judged as new`,
      details: this.#ambiguous,
    };
  }

  /** The notifications kept in full: failing first. */
  notificationFindings(): Finding[] {
    return [...this.#kept].sort(
      (a, b) => Number(b.status === 'fail') - Number(a.status === 'fail'),
    );
  }
}
