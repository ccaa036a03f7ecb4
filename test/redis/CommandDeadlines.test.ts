/** The store's time limit on each Redis command: one coarse timer, the oldest command failed first. */
import { afterEach, expect, it } from 'vitest';
import { CommandDeadlines } from '../../src/redis/CommandDeadlines.js';

let deadlines: CommandDeadlines | undefined;
afterEach(() => deadlines?.stop());

it('passes on what settles in time, and fails what does not with "timed out" soon after the limit', async () => {
  deadlines = new CommandDeadlines(80);
  expect(await deadlines.within(Promise.resolve('OK'))).toBe('OK');
  await expect(deadlines.within(Promise.reject(new Error('ERR wrong')))).rejects.toThrow(
    'ERR wrong',
  );
  const started = performance.now();
  const late = new Promise((resolve) => setTimeout(resolve, 2000, 'late'));
  await expect(deadlines.within(late)).rejects.toThrow('timed out after 80 ms');
  const took = performance.now() - started;
  expect(took).toBeGreaterThanOrEqual(79);
  expect(took).toBeLessThan(1000);
});
