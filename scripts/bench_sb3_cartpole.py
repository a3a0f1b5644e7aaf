"""Stable-Baselines3 PPO on CartPole-v1 with RL-Zoo hyperparameters, one thread: the reference
wall-clock for `sentrade bench-ppo`.

Usage (in a venv with stable-baselines3, outside the repo):
    python scripts/bench_sb3_cartpole.py --seed 0 [--json]
"""
import argparse
import json
import time

import torch

torch.set_num_threads(1)

from stable_baselines3 import PPO  # noqa: E402
from stable_baselines3.common.env_util import make_vec_env  # noqa: E402


def linear(initial):
    return lambda progress_remaining: progress_remaining * initial


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timesteps", type=int, default=100_000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    env = make_vec_env("CartPole-v1", n_envs=8, seed=args.seed)
    model = PPO("MlpPolicy", env, n_steps=32, batch_size=256, gae_lambda=0.8, gamma=0.98,
                n_epochs=20, ent_coef=0.0, learning_rate=linear(1e-3), clip_range=linear(0.2),
                seed=args.seed, device="cpu", verbose=0)
    start, cpu_start = time.perf_counter(), time.process_time()
    model.learn(total_timesteps=args.timesteps)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    rolling = [ep["r"] for ep in model.ep_info_buffer]
    result = {
        "seed": args.seed,
        "timesteps": int(model.num_timesteps),
        "wallSeconds": wall,
        "cpuSeconds": cpu,
        "stepsPerSecond": model.num_timesteps / wall,
        "finalRollingMeanReturn": sum(rolling) / max(len(rolling), 1),
        "torchThreads": torch.get_num_threads(),
    }
    if args.json:
        print(json.dumps(result, sort_keys=True))
    else:
        print(f"SB3 seed {args.seed}: {result['timesteps']} steps in {wall:.2f} s "
              f"({result['stepsPerSecond']:.0f} SPS, {cpu:.2f} s CPU), final rolling-100 {result['finalRollingMeanReturn']:.1f}")


if __name__ == "__main__":
    main()
