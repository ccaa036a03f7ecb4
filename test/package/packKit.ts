/**
 * The kit as a user gets it: `npm pack` (whose prepack builds) of a clean copy of the repository's
 * package inputs, so the tarball is what CI would publish from a fresh clone — never stale files of
 * the working tree's `dist/` — and the working tree's `dist/`, which other tests run, is not rebuilt
 * under them. Packed once per set of inputs: the tarball is cached in the temp folder under a hash of
 * the inputs, behind a lock, so test files running side by side in two workers share one pack.
 *
 * Also the helpers the package tests share: running a command bounded in time (its whole process
 * group killed at the limit), an environment without the test runner's and the parent npm's variables,
 * and installing the tarball into a fresh project.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** What `npm pack` needs: the build inputs (prepack runs `tsc -p src`) and what `files` ships. */
const PACK_INPUTS = [
  'package.json',
  'tsconfig.json',
  'README.md',
  'docs',
  'src',
  'schema',
  'contracts',
];

/** How long one pack may take, and how long another worker waits for it. */
const PACK_LIMIT_MS = 180_000;

export interface CommandResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  readonly timedOut: boolean;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The whole process group is killed after this long. */
  readonly timeoutMs: number;
}

/**
 * Runs a command (no shell) in its own process group, killed whole at the time limit; resolves with
 * what it printed, never rejects on a non-zero exit.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined && process.platform !== 'win32')
          process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started, timedOut });
    });
  });
}

/** A failed command described for an assertion message: how it ended and the end of its output. */
export function describeRun(what: string, run: CommandResult): string {
  const ended = run.timedOut
    ? 'was killed at its time limit'
    : run.signal !== null
      ? `was killed by ${run.signal}`
      : `exited ${run.code}`;
  const tail = (text: string) => text.trim().split('\n').slice(-40).join('\n');
  return (
    `${what} ${ended} after ${(run.ms / 1000).toFixed(1)} s\n--- stdout ` +
    `---\n${tail(run.stdout)}\n--- stderr ---\n${tail(run.stderr)}`
  );
}

/**
 * The environment for a child npm or node: this one without vitest's worker variables, the parent
 * npm's per-script ones (when the suite runs under `npm test`), any Pact Broker settings, and the
 * repository's `node_modules/.bin` on PATH, with NO_COLOR set; plus `extra`.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(VITEST|TINYPOOL|npm_package_|npm_lifecycle_|PACT_BROKER_)/.test(name)) continue;
    if (['npm_config_local_prefix', 'INIT_CWD', 'NODE_ENV', 'TEST', 'FORCE_COLOR'].includes(name))
      continue;
    env[name] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((p) => !p.includes(`node_modules${sep}.bin`))
    .join(delimiter);
  return { ...env, NO_COLOR: '1', ...extra };
}

async function filesUnder(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => filesUnder(join(path, e.name))));
  return nested.flat().sort();
}

/** A hash of every pack input (paths and contents). */
async function inputsHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const input of PACK_INPUTS) {
    for (const file of await filesUnder(join(repoRoot, input))) {
      hash
        .update(relative(repoRoot, file))
        .update('\0')
        .update(await readFile(file))
        .update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Packs a clean copy of the package inputs into `destination`; returns the tarball's path. */
async function packCleanCopy(destination: string, tarballName: string): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'cpn-kit-pack-src-'));
  try {
    await Promise.all(
      PACK_INPUTS.map((input) => cp(join(repoRoot, input), join(copy, input), { recursive: true })),
    );
    // The build's tools and types (typescript, @types/node), without copying them.
    await symlink(join(repoRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const out = join(copy, '.pack');
    await mkdir(out);
    const run = await runCommand('npm', ['pack', '--pack-destination', out], {
      cwd: copy,
      timeoutMs: PACK_LIMIT_MS,
    });
    if (run.code !== 0) throw new Error(describeRun('npm pack', run));
    await rename(join(out, tarballName), join(destination, tarballName));
    return join(destination, tarballName);
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

/** Removes the packs of other inputs made over an hour ago (each edit of the sources makes a new one). */
async function forgetOldPacks(keep: string): Promise<void> {
  const entries = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const entry of entries.filter((e) => /^cpn-kit-packed-[0-9a-f]{16}$/.test(e))) {
    const path = join(tmpdir(), entry);
    if (path === keep) continue;
    const age = await stat(path).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > 3_600_000) await rm(path, { recursive: true, force: true });
  }
}

let packed: Promise<string> | undefined;

/**
 * The path of the packed kit (`cpn-kit-<version>.tgz`): packed on first use, then the same file for
 * the rest of the process and for any other process with the same inputs.
 */
export function packKit(): Promise<string> {
  packed ??= (async () => {
    const { name, version } = JSON.parse(
      await readFile(join(repoRoot, 'package.json'), 'utf8'),
    ) as { name: string; version: string };
    const tarballName = `${name}-${version}.tgz`;
    const cacheDir = join(tmpdir(), `cpn-kit-packed-${await inputsHash()}`);
    const tarball = join(cacheDir, tarballName);
    const lock = `${cacheDir}.lock`;
    const deadline = Date.now() + 2 * PACK_LIMIT_MS;
    for (;;) {
      if (await exists(tarball)) return tarball;
      try {
        await mkdir(lock);
      } catch {
        // Another process is packing: wait for its tarball, or take over a lock it left behind.
        const age = await stat(lock).then(
          (s) => Date.now() - s.mtimeMs,
          () => 0,
        );
        if (age > PACK_LIMIT_MS + 10_000) await rm(lock, { recursive: true, force: true });
        if (Date.now() > deadline)
          throw new Error(
            `packKit: waited ${(2 * PACK_LIMIT_MS) / 1000} s for another process to pack into ${cacheDir}`,
          );
        await sleep(250);
        continue;
      }
      try {
        await mkdir(cacheDir, { recursive: true });
        // rename() into the cache dir is atomic: a waiting process never sees half a tarball.
        const packedNow = await packCleanCopy(cacheDir, tarballName);
        await forgetOldPacks(cacheDir);
        return packedNow;
      } finally {
        await rm(lock, { recursive: true, force: true });
      }
    }
  })();
  return packed;
}

/**
 * A fresh project in a temp folder (`package.json` only, `private`, ESM) with the tarball installed,
 * plus `extra` packages; resolves with its folder and npm's output.
 */
export async function installIntoFreshProject(
  tarball: string,
  extra: readonly string[] = [],
  timeoutMs = 120_000,
): Promise<{ dir: string; install: CommandResult }> {
  const dir = await mkdtemp(join(tmpdir(), 'cpn-kit-consumer-'));
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'cpn-kit-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  const install = await runCommand(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, ...extra],
    { cwd: dir, timeoutMs },
  );
  if (install.code !== 0) throw new Error(describeRun(`npm install ${tarball}`, install));
  return { dir, install };
}
