"""Shared by the Stable-Baselines3 reference benchmarks: time `model.learn` and report it the way
`sentrade bench ppo` reads it (one JSON object with --json, else one line)."""
import argparse
import json
import time

import torch


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timesteps", type=int, default=100_000)
    ap.add_argument("--json", action="store_true")
    return ap.parse_args()


def learn_and_report(model, args, label, extra=None):
    start, cpu_start = time.perf_counter(), time.process_time()
    model.learn(total_timesteps=args.timesteps)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    result = {
        "seed": args.seed,
        "timesteps": int(model.num_timesteps),
        "wallSeconds": wall,
        "cpuSeconds": cpu,
        "stepsPerSecond": model.num_timesteps / wall,
        "torchThreads": torch.get_num_threads(),
    }
    result.update(extra(model) if extra else {})
    if args.json:
        print(json.dumps(result, sort_keys=True))
    else:
        print(f"SB3 {label} seed {args.seed}: {result['timesteps']} steps in {wall:.2f} s "
              f"({result['stepsPerSecond']:.0f} SPS, {cpu:.2f} s CPU)")
    return result
