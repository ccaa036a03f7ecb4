import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildContactProcessed } from '../../src/message/buildContactProcessed.js';
import { createSender } from '../../src/sender/createSender.js';

describe('the connection pool', () => {
  it.each([1, 3])('opens at most %i connection(s), keeps them alive and reuses them', async (poolSize) => {
    let open = 0;
    let maxOpen = 0;
    let opened = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    let requests = 0;
    const server = createServer((req, res) => {
      requests += 1;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      req.resume();
      req.on('end', () => setTimeout(() => {
        inFlight -= 1;
        res.end('ok');
      }, 15));
    });
    server.on('connection', (socket) => {
      opened += 1;
      open += 1;
      maxOpen = Math.max(maxOpen, open);
      socket.on('close', () => (open -= 1));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const sender = createSender({ uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ocs`, connectionPoolSize: poolSize, responseTimeout: 5 });
    // 30 notifications, all at once: the pool must queue them, not open 30 connections.
    const results = await Promise.all(Array.from({ length: 30 }, () => sender.send(buildContactProcessed({ GSW_MESSAGE_GUID: randomUUID() }))));
    await sender.close();
    await new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
    expect(results.every((r) => r.outcome === 'delivered')).toBe(true);
    expect(requests).toBe(30);
    expect(maxOpen).toBe(poolSize);
    expect(maxInFlight).toBe(poolSize);
    expect(opened).toBe(poolSize); // every connection was reused for the following requests
  });
});
