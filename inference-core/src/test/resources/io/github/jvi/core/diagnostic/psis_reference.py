"""Independent reference for PsisTest: arviz's psislw tail selection and _gpdfit (arviz 0.x,
stats/stats.py, transcribed with NumPy; r_eff = 1), applied to deterministic log weights that
PsisTest regenerates. Run: python3 psis_reference.py  (NumPy >= 1.20)."""
import numpy as np


def gpdfit(ary):
    prior_bs, prior_k = 3, 10
    n = len(ary)
    m_est = 30 + int(n ** 0.5)
    b_ary = 1 - np.sqrt(m_est / (np.arange(1, m_est + 1, dtype=float) - 0.5))
    b_ary /= prior_bs * ary[int(n / 4 + 0.5) - 1]
    b_ary += 1 / ary[-1]
    k_ary = np.log1p(-b_ary[:, None] * ary).mean(axis=1)
    len_scale = n * (np.log(-(b_ary / k_ary)) - k_ary - 1)
    weights = 1 / np.exp(len_scale - len_scale[:, None]).sum(axis=1)
    real = weights >= 10 * np.finfo(float).eps
    weights, b_ary = weights[real], b_ary[real]
    weights /= weights.sum()
    b_post = np.sum(b_ary * weights)
    k_post = np.log1p(-b_post * ary).mean()
    return (n * k_post + prior_k * 0.5) / (n + prior_k)


def khat(log_weights):
    x = np.asarray(log_weights, dtype=float).copy()
    x -= x.max()
    s = len(x)
    m = int(np.ceil(min(0.2 * s, 3 * np.sqrt(s))))
    xs = np.sort(x)
    cutoff = max(xs[-m - 1], np.log(np.finfo(float).tiny))
    tail = np.sort(x[x > cutoff])
    if len(tail) <= 4:
        return np.inf
    return gpdfit(np.exp(tail) - np.exp(cutoff))


s = 1000
i = np.arange(s)
pareto = -0.7 * np.log1p(-(i + 0.5) / s)          # Pareto(k = 0.7) quantiles
wiggle = 2.0 * np.sin(i) + 0.001 * i              # bounded, irregular
gauss = -0.5 * (4.0 * (i + 0.5) / s - 2.0) ** 2   # a light (bounded) tail
for name, lw in [("pareto", pareto), ("wiggle", wiggle), ("gauss", gauss)]:
    print(name, repr(khat(lw)))
