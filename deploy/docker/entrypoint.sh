#!/bin/sh
# Entry point of the Sentrade image (exec-form ENTRYPOINT in the Dockerfile).
#
#   IMAGE train [ARGS]  -> sentrade sagemaker train [ARGS]   (SageMaker runs `docker run IMAGE train`)
#   IMAGE serve [ARGS]  -> sentrade sagemaker serve [ARGS]   (SageMaker runs `docker run IMAGE serve`)
#   IMAGE ANYTHING ...  -> sentrade ANYTHING ...             (live runner, backtest, health, ...)
#
# Every branch uses exec, so sentrade becomes PID 1's process image and receives SIGTERM directly
# (ECS and SageMaker send SIGTERM, then SIGKILL after 30 s).
#
# SageMaker expects its containers to run as root, so the image has no USER line. For every
# command other than train/serve, a root start drops to the unprivileged `sentrade` user
# (uid/gid 10001) with setpriv (util-linux, part of the base image). On ECS the task definition
# already sets User 10001:10001 and this drop is a no-op.
#
# Test hooks (no container needed): SENTRADE_BIN replaces /usr/local/bin/sentrade;
# SENTRADE_RUN_AS_UID / SENTRADE_RUN_AS_GID change the unprivileged ids.
set -eu

bin="${SENTRADE_BIN:-/usr/local/bin/sentrade}"
run_uid="${SENTRADE_RUN_AS_UID:-10001}"
run_gid="${SENTRADE_RUN_AS_GID:-10001}"

case "${1:-}" in
  train)
    shift
    exec "$bin" sagemaker train "$@"
    ;;
  serve)
    shift
    exec "$bin" sagemaker serve "$@"
    ;;
  *)
    if [ "$(id -u)" = "0" ]; then
      exec setpriv --reuid="$run_uid" --regid="$run_gid" --clear-groups -- "$bin" "$@"
    fi
    exec "$bin" "$@"
    ;;
esac
