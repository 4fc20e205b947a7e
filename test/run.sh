#!/usr/bin/env bash
# Every test suite of the kit, in order: type check, format, lint, build (with the size
# budget), Node tests of the build and end-to-end tests of the demo page, the
# layout matrix in Chromium, Firefox and WebKit, the reference server's suites
# (PGlite, and PostgreSQL when DATABASE_URL is set), and the browser tests in
# Chromium. Ends with one line, "N passed, N failed",
# summing every suite; exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
# What Debian must provide (the three engines of the layout matrix, CJK fonts,
# PostgreSQL's binaries) is installed by .ci/install, which the README's test
# command runs first; this script installs nothing.
[ -x "$CHROME_PATH" ] || { echo "No Chromium at $CHROME_PATH: run .ci/install as root, or set CHROME_PATH."; echo "0 passed, 1 failed"; exit 1; }

passed=0
failed=0
log=$(mktemp)
strip() { sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log"; }

step() { # step NAME COMMAND...: one check that passes or fails as a whole
  echo "── $1"
  if "${@:2}"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "✗ $1 failed"; fi
}

step "type check" npx tsc -p .
step "format (Prettier; npm run format writes it)" npx prettier --check --log-level warn .
step "lint (ESLint with typescript-eslint, Lit and web-component rules)" npx eslint --max-warnings 0 .
step "build and size budget" npm run build --silent

# node_suite NAME COMMAND...: a node --test run in the TAP reporter (Node 24
# defaults to its spec reporter even when piped), counted by its "# pass" and
# "# fail" lines; a run that fails without a failing test counts one failure.
node_suite() {
  echo "── $1"
  "${@:2}" 2>&1 | tee "$log"
  local code=${PIPESTATUS[0]} p f
  p=$(strip | sed -nE 's/^# pass ([0-9]+)$/\1/p' | tail -1)
  f=$(strip | sed -nE 's/^# fail ([0-9]+)$/\1/p' | tail -1)
  if [ -z "$p" ]; then failed=$((failed + 1)); else passed=$((passed + p)); failed=$((failed + ${f:-0})); fi
  if [ "$code" != 0 ] && [ "${f:-0}" = 0 ]; then failed=$((failed + 1)); fi
}

node_suite "node tests (build output, demo page end to end)" node --test --test-reporter=tap 'test/node/*.test.mjs' 'test/e2e/*.test.mjs'

# The layout matrix: every widget of the bundle just built, in its states ×
# zh/en × normal/large × 320/390/768/1280 px, in Chromium, Firefox and WebKit
# (one process per engine, side by side; DJ_ENGINES limits them). Contact
# sheets of screenshots in test/screenshots/layout/<engine>/index.html.
node_suite "layout matrix (Chromium, Firefox, WebKit)" node --import tsx --test --test-reporter=tap --test-concurrency=4 'test/layout/*.test.mjs'

# The reference server: API, settings, load (concurrency, idempotency, crash),
# fuzz and contract suites, on PGlite always, and on PostgreSQL when
# DATABASE_URL names a server the suites may create databases on (.ci/run
# starts Debian's PostgreSQL on loopback and sets it).
node_suite "server tests on PGlite" env -u DATABASE_URL node --import tsx --test --test-reporter=tap 'test/server/*.test.mjs'
if [ -n "${DATABASE_URL:-}" ]; then
  node_suite "server tests on PostgreSQL" node --import tsx --test --test-reporter=tap 'test/server/*.test.mjs'
else
  echo "── server tests on PostgreSQL: not run here, DATABASE_URL is not set (.ci/run starts PostgreSQL and sets it)"
fi

echo "── browser tests (web-test-runner, Chromium)"
npx wtr 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
line=$(strip | grep -oE '[0-9]+ passed, [0-9]+ failed' | tail -1)
if [ -z "$line" ]; then
  failed=$((failed + 1))
else
  passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
  failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
  # A file that failed to load counts no test but fails the run.
  if [ "$code" != 0 ] && [ "$(echo "$line" | cut -d' ' -f3)" = 0 ]; then failed=$((failed + 1)); fi
fi
rm -f "$log"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
