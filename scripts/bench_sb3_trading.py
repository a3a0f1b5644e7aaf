"""Stable-Baselines3 PPO on gym-anytrading's stocks-v0, one thread: the reference for
`sentrade bench ppo --env trading`, with the same PPO settings as that benchmark (8 environments,
256 steps each per rollout, batch 256, 10 epochs, learning rate 1e-4, no entropy bonus, separate
64-64 tanh policy and value networks).

stocks-v0 is the community's trading environment (Google daily prices, a 30-bar window of price
and price change, buy/sell actions, no costs model beyond its fee constants); ours has 173 inputs
and a full cost and fill engine, so the comparison is of whole training loops, not of identical
tasks.

Usage (in a venv with stable-baselines3 and gym-anytrading, outside the repo):
    python scripts/bench_sb3_trading.py --seed 0 [--timesteps 100000] [--json]
"""
import torch

torch.set_num_threads(1)

import gym_anytrading  # noqa: E402,F401  (registers stocks-v0)
from stable_baselines3 import PPO  # noqa: E402
from stable_baselines3.common.env_util import make_vec_env  # noqa: E402
from sb3_timing import learn_and_report, parse_args  # noqa: E402


def main():
    args = parse_args()

    # make_vec_env asks for render_mode="rgb_array", which gym-anytrading refuses: no rendering.
    env = make_vec_env("stocks-v0", n_envs=8, seed=args.seed, env_kwargs={"render_mode": None})
    model = PPO("MlpPolicy", env, n_steps=256, batch_size=256, n_epochs=10, gamma=0.99, gae_lambda=0.95,
                ent_coef=0.0, learning_rate=1e-4, clip_range=0.2, max_grad_norm=0.5,
                policy_kwargs={"net_arch": {"pi": [64, 64], "vf": [64, 64]}, "activation_fn": torch.nn.Tanh},
                seed=args.seed, device="cpu", verbose=0)
    shape = env.observation_space.shape
    learn_and_report(model, args, "stocks-v0", extra=lambda m: {"env": "gym-anytrading stocks-v0", "observationSize": int(shape[0] * shape[1])})


if __name__ == "__main__":
    main()
