#!/usr/bin/env bash
# The three new-user paths of the README, in a fresh project with the packed kit installed, run the
# way a CI job runs them (npx, in the background, stopped with kill $! on npx), each reading reports
# that must be complete and agree with the terminal:
#   1. the receiver team: a stand-in CRM (cpn-kit receive &), check-receiver with --json and --junit;
#   2. the sender team: check-sender --exec with the reference sender, --json and --junit;
#   3. staging: cpn-kit proxy & between cpn-kit send and cpn-kit receive, --record/--json/--junit/--html,
#      stopped with kill $! (npm does not pass the signal on: the kit must notice and end within 2 s).
# Usage: newUserPaths.sh PROJECT_DIR (the project has cpn-kit, msw and Pact installed). Exit 0 or 1.
set -euo pipefail
cd "$1"
out=$(mktemp -d "${TMPDIR:-/tmp}/cpn-kit-paths.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  pkill -9 -f "$out" 2>/dev/null || true
  rm -rf "$out"
}
trap cleanup EXIT
fail() { echo "new-user paths: $*" >&2; exit 1; }

# json FILE EXPR: evaluates EXPR (JavaScript, `r` is the parsed report) and prints it.
json() { node -e "const r = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')); console.log($2)" "$1"; }
# until_ok SECONDS COMMAND...: retries COMMAND every 0.1 s for at most SECONDS.
until_ok() {
  local tries=$(( $1 * 10 )); shift
  for _ in $(seq "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}
complete() { [ "$(json "$1" 'r.complete')" = true ]; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# The terminal's verdict line counts the same findings as the JSON report.
counts_agree() {
  local terminal=$1 report=$2 expected
  expected=$(json "$report" "['pass','fail','warn','skip'].map(s => r.findings.filter(f => f.status === s).length).join(' ')")
  local line; line=$(grep -E '\(([0-9]+) passed, ([0-9]+) failed, ([0-9]+) warnings, ([0-9]+) skipped\)' "$terminal" | tail -n 1)
  local got; got=$(sed -E 's/.*\(([0-9]+) passed, ([0-9]+) failed, ([0-9]+) warnings, ([0-9]+) skipped\).*/\1 \2 \3 \4/' <<<"$line")
  [ "$got" = "$expected" ] || fail "$terminal says '$got', $report says '$expected'"
}

# A stand-in CRM for all three paths.
npx --no cpn-kit receive --port 0 --path /notifications >"$out/receive.log" 2>&1 &
pids+=($!)
until_ok 20 grep -q 'listening on' "$out/receive.log" || fail "receive did not start: $(cat "$out/receive.log")"
crm=$(grep -o 'http://[^ ]*' "$out/receive.log" | head -n 1)

# 1. The receiver team.
npx --no cpn-kit check-receiver "$crm" --json "$out/receiver.json" --junit "$out/receiver.xml" >"$out/receiver.log" 2>&1 \
  || fail "check-receiver exited $?: $(tail -n 20 "$out/receiver.log")"
complete "$out/receiver.json" || fail 'check-receiver: the report is not complete'
[ "$(json "$out/receiver.json" 'r.passed')" = true ] || fail 'check-receiver: not conformant'
counts_agree "$out/receiver.log" "$out/receiver.json"
grep -q '<testsuites' "$out/receiver.xml" || fail 'check-receiver: no JUnit report'
echo "new-user paths: receiver team ok ($(json "$out/receiver.json" 'r.findings.length') findings)"

# 2. The sender team.
sender='npx --no cpn-kit send --uri "$CPN_URL" --count "$CPN_COUNT" --retry-max-attempts "$CPN_RETRY_MAX_ATTEMPTS" --response-timeout "$CPN_RESPONSE_TIMEOUT"'
npx --no cpn-kit check-sender --retry-max-attempts 1 --response-timeout 2 --exec "$sender" \
  --json "$out/sender.json" --junit "$out/sender.xml" >"$out/sender.log" 2>&1 \
  || fail "check-sender exited $?: $(tail -n 20 "$out/sender.log")"
complete "$out/sender.json" || fail 'check-sender: the report is not complete'
[ "$(json "$out/sender.json" 'r.passed')" = true ] || fail 'check-sender: not conformant'
counts_agree "$out/sender.log" "$out/sender.json"
echo "new-user paths: sender team ok ($(json "$out/sender.json" 'r.findings.length') findings)"

# 3. Staging: the proxy in the background, stopped with kill $! on npx.
port=$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
npx --no cpn-kit proxy --target "$crm" --listen "127.0.0.1:$port" --response-timeout 2 \
  --record "$out/proxy.ndjson" --json "$out/proxy.json" --junit "$out/proxy.xml" --html "$out/proxy.html" \
  >"$out/proxy.log" 2>&1 &
proxy=$!
until_ok 20 grep -q 'listening on' "$out/proxy.log" || fail "proxy did not start: $(cat "$out/proxy.log")"
npx --no cpn-kit send --uri "http://127.0.0.1:$port/" --count 20 --quiet >"$out/send.log" 2>&1 \
  || fail "send exited $?: $(cat "$out/send.log")"
kill "$proxy"
start=$(date +%s%N)
until_ok 2 complete "$out/proxy.json" || fail "proxy: no complete report 2 s after kill \$!: $(tail -n 5 "$out/proxy.log")"
until_ok 2 port_free "$port" || fail "proxy: port $port still taken after kill \$!"
took=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$(json "$out/proxy.json" 'r.passed')" = true ] || fail "proxy: not conformant: $(tail -n 20 "$out/proxy.log")"
[ "$(json "$out/proxy.json" "r.findings.find(f => f.id === 'notifications').summary.split(':')[0]")" = '20 notifications' ] \
  || fail 'proxy: the report does not count 20 notifications'
[ "$(wc -l <"$out/proxy.ndjson")" -eq 20 ] || fail 'proxy: the recording does not hold 20 exchanges'
grep -q '<testsuites' "$out/proxy.xml" && grep -q 'conformant' "$out/proxy.html" || fail 'proxy: JUnit or HTML missing'
until_ok 5 grep -qE ' in [0-9.]+ s$' "$out/proxy.log" && counts_agree "$out/proxy.log" "$out/proxy.json"
echo "new-user paths: staging ok (reports complete ${took} ms after kill \$!, port freed)"
