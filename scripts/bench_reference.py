#!/usr/bin/env python3
"""Python reference figures for `sentrade bench` (measured in the same run, one thread).

  env:      gym-anytrading StocksEnv (stocks-v0 data), window 10 of 2 features, random actions.
  backtest: vectorbt SMA(10,30) crossover over N random-walk bars incl. stats, warm numba cache.

Prints one JSON object. Install: pip install gym-anytrading vectorbt
"""
import json
import os
import sys
import time

REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))

for var in ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")


def bench_env(steps):
    import gymnasium as gym
    import gym_anytrading  # noqa: F401  (registers stocks-v0)
    from gym_anytrading import datasets

    df = datasets.STOCKS_GOOGL
    env = gym.make("stocks-v0", df=df, window_size=10, frame_bound=(10, len(df)))
    env.reset(seed=0)
    env.action_space.seed(0)
    done_steps = 0
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    while done_steps < steps:
        _, _, terminated, truncated, _ = env.step(env.action_space.sample())
        done_steps += 1
        if terminated or truncated:
            env.reset()
    cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
    return {"tool": "gym-anytrading stocks-v0 (window 10 x 2 features)", "steps": steps,
            "cpu_seconds": cpu, "wall_seconds": wall, "steps_per_cpu_second": steps / cpu}


def bench_backtest(bars):
    import numpy as np
    import pandas as pd
    import vectorbt as vbt

    def run(close):
        fast = vbt.MA.run(close, 10)
        slow = vbt.MA.run(close, 30)
        entries = fast.ma_crossed_above(slow)
        exits = fast.ma_crossed_below(slow)
        pf = vbt.Portfolio.from_signals(close, entries, exits, fees=0.001, init_cash=10_000, freq="1min")
        return {"total_return": float(pf.total_return()), "sharpe": float(pf.sharpe_ratio()),
                "max_drawdown": float(pf.max_drawdown()), "trades": int(pf.trades.count())}

    rng = np.random.default_rng(0)
    warm = pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.001, 5_000))))
    run(warm)  # compile / warm the numba cache
    close = pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.001, bars))))
    cpus, walls = [], []
    for _ in range(REPEATS):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        stats = run(close)
        cpus.append(time.process_time() - start_cpu)
        walls.append(time.perf_counter() - start_wall)
    cpu, wall = sorted(cpus)[len(cpus) // 2], sorted(walls)[len(walls) // 2]
    return {"tool": "vectorbt %s SMA(10,30) from_signals + stats" % vbt.__version__, "bars": bars, "repeats": REPEATS,
            "median_cpu_seconds": cpu, "median_wall_seconds": wall, "bars_per_cpu_second": bars / cpu, "stats": stats}


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "env"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    if what == "env":
        print(json.dumps(bench_env(n or 200_000)))
    elif what == "backtest":
        print(json.dumps(bench_backtest(n or 1_000_000)))
    else:
        sys.exit("usage: bench_reference.py env|backtest [N]")
