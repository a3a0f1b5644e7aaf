#!/usr/bin/env bash
# Same-run comparison for issue 4: native `sentrade bench-ppo` vs Stable-Baselines3 PPO on
# CartPole-v1 with RL-Zoo hyperparameters, one thread each, seeds run one after the other.
# Usage: scripts/bench_ppo_vs_sb3.sh [SB3_PYTHON] [SEEDS]
#   SB3_PYTHON: a python with stable-baselines3 installed (default /work/venv-sb3/bin/python)
#   SEEDS: comma-separated (default 0,1,2,3,4)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${1:-/work/venv-sb3/bin/python}"
SEEDS="${2:-0,1,2,3,4}"
swift build -c release --product sentrade >/dev/null
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
swift_total=0; sb3_total=0
for s in ${SEEDS//,/ }; do
  sw=$(.build/release/sentrade bench-ppo --seeds "$s" --json)
  sb=$("$PY" scripts/bench_sb3_cartpole.py --seed "$s" --json)
  echo "swift $sw"
  echo "sb3   $sb"
  swift_total=$(python3 -c "import json,sys; print($swift_total + json.loads(sys.argv[1])['wallSeconds'])" "$sw")
  sb3_total=$(python3 -c "import json,sys; print($sb3_total + json.loads(sys.argv[1])['wallSeconds'])" "$sb")
done
python3 -c "print(f'total wall: swift {$swift_total:.2f} s, SB3 {$sb3_total:.2f} s, ratio {$sb3_total/$swift_total:.1f}x')"
