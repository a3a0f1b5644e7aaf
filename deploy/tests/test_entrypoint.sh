#!/usr/bin/env bash
# Tests deploy/docker/entrypoint.sh without a container: SENTRADE_BIN points it at a fake
# sentrade that prints its uid and arguments. Prints `N passed, M failed` last; exit 0/1.
#   bash deploy/tests/test_entrypoint.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
entry="$here/../docker/entrypoint.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 0755 "$work"
cat >"$work/sentrade" <<'FAKE'
#!/bin/sh
out="uid=$(id -u) args="
for a in "$@"; do out="$out[$a]"; done
printf '%s\n' "$out"
FAKE
chmod 0755 "$work/sentrade"

passed=0
failed=0
expect() { # name, expected output, command...
  local name="$1" want="$2"
  shift 2
  local got
  got="$("$@" 2>&1)" || got="exit $?: $got"
  if [ "$got" = "$want" ]; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name: got [$got], want [$want]"
  fi
}

me="$(id -u)"
drop="$me"
[ "$me" = 0 ] && drop=10001
run() { env SENTRADE_BIN="$work/sentrade" sh "$entry" "$@"; }
expect "train maps to sagemaker train" "uid=$me args=[sagemaker][train]" run train
expect "serve maps to sagemaker serve, arguments kept" "uid=$me args=[sagemaker][serve][--port][9090]" run serve --port 9090
if [ "$me" = 0 ]; then
  expect "other commands drop root to uid 10001" "uid=10001 args=[live][--paper][--once]" run live --paper --once
else
  expect "other commands pass through" "uid=$me args=[live][--paper][--once]" run live --paper --once
fi
expect "arguments with spaces survive" "uid=$drop args=[backtest][--name][a b]" run backtest --name "a b"
expect "no arguments runs sentrade bare" "uid=$drop args=" run
# exec all the way down: the shell that runs the entrypoint is replaced by sentrade (same pid),
# which is what lets SIGTERM from ECS/SageMaker reach it.
cat >"$work/pid" <<'FAKE'
#!/bin/sh
echo "$$"
FAKE
chmod 0755 "$work/pid"
pid_out="$(sh -c 'echo "$$"; exec env SENTRADE_BIN="$0" sh "$1" train' "$work/pid" "$entry")"
first="$(echo "$pid_out" | sed -n 1p)"; second="$(echo "$pid_out" | sed -n 2p)"
if [ "$first" = "$second" ]; then passed=$((passed + 1)); echo "ok   exec keeps one process (pid $first)"; else failed=$((failed + 1)); echo "FAIL exec: pids $first vs $second"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
