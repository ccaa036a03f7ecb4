/**
 * `npm run bench`: runs every `test/bench/*.bench.ts` module (or those named on the command line)
 * and prints each figure with its same-run baseline, the ratio and the target.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { meetsTarget, ratioOf, type Bench, type BenchFigure } from './Bench.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const files = (await readdir(dir))
  .filter(
    (f) => f.endsWith('.bench.ts') && (wanted.length === 0 || wanted.some((w) => f.includes(w))),
  )
  .sort();
const rows: BenchFigure[] = [];
for (const file of files) {
  process.stdout.write(`running ${file} ...\n`);
  const bench = (await import(`./${file}`)).default as Bench;
  for (const figure of await bench()) {
    rows.push(figure);
    const ratio = ratioOf(figure);
    const op = figure.lowerIsBetter ? '<=' : '>=';
    process.stdout.write(
      `  ${meetsTarget(figure) ? 'MEETS ' : 'MISSES'} ${figure.name}: ` +
        `${figure.value.toFixed(1)} ${figure.unit} vs ${figure.baselineName} ` +
        `${figure.baselineValue.toFixed(1)} ${figure.unit}: ratio ${ratio.toFixed(2)} (target ` +
        `${op} ${figure.target})\n`,
    );
  }
}
const missed = rows.filter((f) => !meetsTarget(f));
process.stdout.write(
  `${rows.length - missed.length} of ${rows.length} figures meet their targets\n`,
);
