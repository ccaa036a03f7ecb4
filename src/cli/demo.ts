import type { Command } from 'commander';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'run the whole kit on loopback with its embedded defaults: receiver, check-receiver, check-sender, send',
    )
    .action(async () => {
      (await import('./requirePeer.js')).requirePeer('@pact-foundation/pact', 'demo');
      const [{ runDemo }, { useColor }] = await Promise.all([
        import('../demo/runDemo.js'),
        import('../report/formatReport.js'),
      ]);
      const outcome = await runDemo({ color: useColor(process.stdout) });
      process.exitCode = outcome.passed ? 0 : 1;
    });
}
