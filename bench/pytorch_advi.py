#!/usr/bin/env python3
"""The PyTorch peer of `jvi bench autodiff`: one mean-field ADVI iteration on posteriordb's
kidscore_momiq, float64, autograd, torch.optim.Adam, one thread.

Model: kid_score_n ~ Normal(beta1 + beta2 * mom_iq_n, sigma), sigma ~ half-Cauchy(0, 2.5), flat
priors on beta. Unconstrained theta = (beta1, beta2, log sigma), q = N(mu, diag(exp(omega))^2).
Per iteration: eps ~ N(0, I) [S, 3], z = mu + exp(omega) * eps, ELBO = mean_s [log p(y, z_s) +
log sigma_s] + sum(omega) + 3/2 (1 + log 2 pi), backward, Adam step: the same computation as
AutodiffBenchCommand.

Usage: python3 bench/pytorch_advi.py [--data kidiq.json] [--samples 10] [--iterations 2000]
       [--warmup 2000] [--repetitions 5] [--lr 0.01] [--seed 1]
Prints microseconds per iteration (median, min, max over the repetitions) and where they go.
"""
import argparse
import json
import math
import statistics
import sys
import time

import torch


def synthetic(n, seed):
    g = torch.Generator().manual_seed(seed + 1000)
    x = 100 + 15 * torch.randn(n, generator=g, dtype=torch.float64)
    y = 26 + 0.6 * x + 18 * torch.randn(n, generator=g, dtype=torch.float64)
    return x, y


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data")
    ap.add_argument("--samples", type=int, default=10)
    ap.add_argument("--iterations", type=int, default=2000)
    ap.add_argument("--warmup", type=int, default=2000)
    ap.add_argument("--repetitions", type=int, default=5)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.samples < 1 or a.iterations < 1 or a.repetitions < 1 or a.warmup < 0:
        sys.exit("pytorch_advi: --samples, --iterations, --repetitions must be >= 1, --warmup >= 0")
    torch.set_num_threads(1)
    if a.data:
        with open(a.data) as f:
            d = json.load(f)
        x = torch.tensor(d["mom_iq"], dtype=torch.float64)
        y = torch.tensor(d["kid_score"], dtype=torch.float64)
    else:
        x, y = synthetic(434, a.seed)
    S = a.samples
    mu = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    omega = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([mu, omega], lr=a.lr)
    gen = torch.Generator().manual_seed(a.seed)
    half_log_2pi = 0.5 * math.log(2 * math.pi)
    log_prior_const = math.log(2.0) - math.log(math.pi * 2.5)
    xr = x.reshape(1, -1)
    yr = y.reshape(1, -1)

    def step(times):
        t0 = time.perf_counter_ns()
        eps = torch.randn(S, 3, generator=gen, dtype=torch.float64)
        z = mu + torch.exp(omega) * eps
        beta1 = z[:, 0:1]
        beta2 = z[:, 1:2]
        log_sigma = z[:, 2]
        sigma = torch.exp(log_sigma)
        loc = beta1 + beta2 * xr
        scale = sigma.reshape(S, 1)
        zz = (yr - loc) / scale
        log_lik = (-0.5 * zz * zz - torch.log(scale) - half_log_2pi).sum(1)
        log_prior = -torch.log1p((sigma / 2.5) ** 2) + log_prior_const
        entropy = omega.sum() + 3 * (0.5 + half_log_2pi)
        elbo = (log_lik + log_prior + log_sigma).mean() + entropy
        loss = -elbo
        t1 = time.perf_counter_ns()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        t2 = time.perf_counter_ns()
        opt.step()
        e = elbo.item()
        t3 = time.perf_counter_ns()
        times[0] += t1 - t0
        times[1] += t2 - t1
        times[2] += t3 - t2
        return e

    scratch = [0, 0, 0]
    for _ in range(a.warmup):
        step(scratch)
    per, phases = [], []
    e = float("nan")
    for _ in range(a.repetitions):
        t = [0, 0, 0]
        s0 = time.perf_counter_ns()
        for _ in range(a.iterations):
            e = step(t)
        per.append((time.perf_counter_ns() - s0) / 1e3 / a.iterations)
        phases.append([v / 1e3 / a.iterations for v in t])
    order = sorted(range(len(per)), key=lambda i: per[i])
    med = order[len(order) // 2]
    print(f"PyTorch {torch.__version__} ADVI mean-field step, kidscore_momiq ({a.data or 'synthetic N=434'}, "
          f"N={x.numel()}), S={S}, float64, 1 thread, {a.iterations} iterations x {a.repetitions} repetitions (median)")
    print(f"{'path':<8} {'us/iter':>10} {'min-max':>14} {'graph':>10} {'backward':>10} {'adam':>10} {'final ELBO':>14}")
    print(f"{'pytorch':<8} {per[med]:10.1f} {min(per):6.0f}-{max(per):<7.0f} {phases[med][0]:10.1f} "
          f"{phases[med][1]:10.1f} {phases[med][2]:10.1f} {e:14.4f}")
    print("mu =", [round(v, 4) for v in mu.tolist()], "omega =", [round(v, 4) for v in omega.tolist()])


if __name__ == "__main__":
    main()
