/**
 * `cpn-kit/proxy`: the judging proxy between a real sender (OCS) and a real receiver (the CRM), and
 * the recordings it writes. Needs no peer dependency; an entry of its own so that the root stays the
 * message, the two roles and the checks.
 */
export { startProxy, type ProxyOptions, type RunningProxy } from './checks/proxy/startProxy.js';
export type {
  JudgedNotification,
  TrackedNotification,
  Violation,
  ProxyRuleId,
} from './checks/proxy/TrackedNotification.js';
export type { ProxyExchange, ProxyAnswer } from './checks/proxy/ProxyExchange.js';
export { readRecording } from './record/readRecording.js';
export type { RecordedExchange, RecordedMessage } from './record/RecordedExchange.js';
