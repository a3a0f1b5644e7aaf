"""Stable-Baselines3 PPO on CartPole-v1 with RL-Zoo hyperparameters, one thread: the reference
wall-clock for `sentrade bench-ppo`.

Usage (in a venv with stable-baselines3, outside the repo):
    python scripts/bench_sb3_cartpole.py --seed 0 [--json]
"""
import torch

torch.set_num_threads(1)

from stable_baselines3 import PPO  # noqa: E402
from stable_baselines3.common.env_util import make_vec_env  # noqa: E402
from sb3_timing import learn_and_report, parse_args  # noqa: E402


def linear(initial):
    return lambda progress_remaining: progress_remaining * initial


def main():
    args = parse_args()

    env = make_vec_env("CartPole-v1", n_envs=8, seed=args.seed)
    model = PPO("MlpPolicy", env, n_steps=32, batch_size=256, gae_lambda=0.8, gamma=0.98,
                n_epochs=20, ent_coef=0.0, learning_rate=linear(1e-3), clip_range=linear(0.2),
                seed=args.seed, device="cpu", verbose=0)

    def rolling(m):
        returns = [ep["r"] for ep in m.ep_info_buffer]
        return {"finalRollingMeanReturn": sum(returns) / max(len(returns), 1)}

    learn_and_report(model, args, "CartPole-v1", extra=rolling)


if __name__ == "__main__":
    main()
