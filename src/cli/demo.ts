import type { Command } from 'commander';
import { reportFlag } from './flags.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'run the whole kit on loopback with its embedded defaults: receiver, check-receiver, check-sender, send',
    )
    .addOption(
      reportFlag(
        'html',
        'write its three reports on one self-contained HTML page (its folders are created)',
      ),
    )
    .action(async (flags: { html?: string }) => {
      (await import('./requirePeer.js')).requirePeer('@pact-foundation/pact', 'demo');
      const [{ runDemo }, { useColor }, { writeHtmlReport }] = await Promise.all([
        import('../demo/runDemo.js'),
        import('../report/formatReport.js'),
        import('../report/writeHtmlReport.js'),
      ]);
      const outcome = await runDemo({ color: useColor(process.stdout) });
      if (flags.html !== undefined)
        await writeHtmlReport(flags.html, [
          outcome.receiverReport,
          outcome.senderReport,
          outcome.batchReport,
        ]);
      process.exitCode = outcome.passed ? 0 : 1;
    });
}
