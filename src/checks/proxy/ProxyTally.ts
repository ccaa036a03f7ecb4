import type { Finding } from '../../report/Report.js';
import { counted } from '../../util/counted.js';
import { notificationFinding } from './notificationFinding.js';
import {
  PROXY_RULES,
  type JudgedNotification,
  type ProxyRuleId,
  type TrackedNotification,
} from './TrackedNotification.js';

/** How many notification findings (with their timelines) a report keeps: the failing ones, and a few passing. */
const KEPT_FAILING = 100;
const KEPT_PASSING = 10;
const EXAMPLES = 20;

/**
 * What the proxy has judged so far, in bounded memory: counts, per rule the notifications that broke
 * it (with the first examples), and the first notifications in full for the report.
 */
export class ProxyTally {
  readonly counts = { notifications: 0, delivered: 0, lost: 0, failed: 0, open: 0 };
  /** The open notifications at the end, by what they were waiting for. */
  readonly openBecause = { retry: 0, answer: 0 };
  readonly #rules = new Map<ProxyRuleId, { count: number; examples: string[] }>();
  readonly #kept: Finding[] = [];
  #keptPassing = 0;
  #keptFailing = 0;
  readonly #ambiguous: string[] = [];
  /** Redirects whose Location leads away from the proxy: how many, and the first. */
  readonly #unseen = { count: 0, first: '' };
  /** What was counted of a notification already: its unseen Locations, its ambiguity. */
  readonly #counted = new WeakMap<TrackedNotification, { unseen: number; ambiguous: boolean }>();

  constructor(readonly timeoutSeconds: number) {}

  /** Counts a judged notification; one that amends an earlier judgement replaces it. */
  add(judged: JudgedNotification): void {
    if (judged.amends !== undefined) this.#withdraw(judged.amends);
    this.counts.notifications += 1;
    this.counts[judged.state] += 1;
    if (judged.state === 'open') {
      const last = judged.notification.attempts.at(-1);
      this.openBecause[last?.durationMs === undefined ? 'answer' : 'retry'] += 1;
    }
    for (const rule of new Set(judged.violations.map((v) => v.rule))) {
      const entry = this.#rules.get(rule) ?? { count: 0, examples: [] };
      entry.count += 1;
      const first = judged.violations.find((v) => v.rule === rule)!;
      if (entry.examples.length < EXAMPLES)
        entry.examples.push(`${judged.notification.guid}: ${first.text}`);
      this.#rules.set(rule, entry);
    }
    this.#countOnce(judged.notification);
    this.#keep(judged);
  }

  /** The unseen Locations and the ambiguity of a notification, each counted once however often it is judged. */
  #countOnce(notification: TrackedNotification): void {
    const counted = this.#counted.get(notification) ?? { unseen: 0, ambiguous: false };
    for (const location of notification.unseenLocations.slice(counted.unseen)) {
      this.#unseen.count += 1;
      this.#unseen.first ||= location;
    }
    counted.unseen = notification.unseenLocations.length;
    const { ambiguousWith } = notification;
    if (ambiguousWith !== undefined && !counted.ambiguous && this.#ambiguous.length < EXAMPLES)
      this.#ambiguous.push(`${notification.guid} has the same content as ${ambiguousWith}`);
    counted.ambiguous ||= ambiguousWith !== undefined;
    this.#counted.set(notification, counted);
  }

  /** Takes an earlier judgement of a notification back out of the counts, the rules and the kept findings. */
  #withdraw(earlier: JudgedNotification): void {
    this.counts.notifications -= 1;
    this.counts[earlier.state] -= 1;
    const prefix = `${earlier.notification.guid}: `;
    for (const rule of new Set(earlier.violations.map((v) => v.rule))) {
      const entry = this.#rules.get(rule);
      if (entry === undefined) continue;
      entry.count -= 1;
      entry.examples = entry.examples.filter((example) => !example.startsWith(prefix));
      if (entry.count === 0) this.#rules.delete(rule);
    }
    const index = this.#kept.findIndex((f) => f.id === `notification ${earlier.notification.guid}`);
    if (index < 0) return;
    const [removed] = this.#kept.splice(index, 1);
    if (removed!.status === 'fail') this.#keptFailing -= 1;
    else this.#keptPassing -= 1;
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
        rules: [rule],
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
