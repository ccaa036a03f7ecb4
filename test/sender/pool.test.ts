import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { buildContactProcessed } from '../../src/message/buildContactProcessed.js';
import { createSender } from '../../src/sender/createSender.js';
import { listenOnLoopback, watchConnections } from '../support/loopback.js';

describe('the connection pool', () => {
  it.each([1, 3])(
    'opens at most %i connection(s), keeps them alive and reuses them',
    async (poolSize) => {
      const server = createServer((req, res) => {
        req.resume();
        req.on('end', () => setTimeout(() => res.end('ok'), 15));
      });
      const stats = watchConnections(server);
      const port = await listenOnLoopback(server);
      const sender = createSender({
        uri: `http://127.0.0.1:${port}/ocs`,
        connectionPoolSize: poolSize,
        responseTimeout: 5,
      });
      // 30 notifications, all at once: the pool must queue them, not open 30 connections.
      const results = await Promise.all(
        Array.from({ length: 30 }, () =>
          sender.send(buildContactProcessed({ GSW_MESSAGE_GUID: randomUUID() })),
        ),
      );
      await sender.close();
      expect(results.every((r) => r.outcome === 'delivered')).toBe(true);
      expect(stats.requests).toBe(30);
      expect(stats.maxOpen).toBe(poolSize);
      expect(stats.maxInFlight).toBe(poolSize);
      expect(stats.opened).toBe(poolSize); // every connection was reused for the following requests
    },
  );
});
