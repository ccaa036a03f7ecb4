/**
 * How short a wait must be to count as giving up early, in ms. The receiver sees a request some time
 * after the sender's timer started (the trip, a process still loading its HTTP client, a busy CI
 * machine), so it measures the sender's wait short. Judged early: a wait under half the timeout, and
 * at least 1 s under it, but never less than a tenth of it — which still catches a timeout given in
 * milliseconds where seconds are expected, or one far too short.
 */
export function earlyGiveUpMs(timeoutSeconds: number): number {
  const timeoutMs = timeoutSeconds * 1000;
  return Math.max(timeoutMs / 10, Math.min(timeoutMs / 2, timeoutMs - 1000));
}
