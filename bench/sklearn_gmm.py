#!/usr/bin/env python3
"""scikit-learn peer for `jvi bench cavi-gmm`: seconds per CAVI iteration of the Bayesian GMM.

BayesianGaussianMixture with K = 5 components, full covariances, a finite Dirichlet weight prior
(concentration 1/K), mean prior 0 with precision 1, Wishart prior with D degrees of freedom and
scale I/D (the priors of `jvi bench cavi-gmm`), k-means++ initialisation, tol = 0 so that every
iteration runs. Data as in jvi's bench: N points from K clusters with centres 6 N(0, I) and diagonal
covariances 0.5 + U(0, 1), equal weights (the same distribution; numpy's generator, not jvi's bits).
Per iteration: after a 1-iteration fit (the initialisation), each further iteration is run as
sklearn's own loop body (_e_step, _m_step, _compute_lower_bound) and timed on its own; the
median and the fastest of --iters iterations are printed (as jvi reports its sweeps).

Run (Debian: apt-get install python3-sklearn; the system python):
  OMP_NUM_THREADS=2 OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench/sklearn_gmm.py --n 1000000
Prints one JSON line.
"""
import argparse, json, os, time, warnings
import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import BayesianGaussianMixture


def data(n, k, d, seed):
    rng = np.random.default_rng(seed)
    means = 6 * rng.standard_normal((k, d))
    sd = np.sqrt(0.5 + rng.random((k, d)))
    z = rng.integers(0, k, n)
    return means[z] + sd[z] * rng.standard_normal((n, d))


def iteration_seconds(x, k, d, iters, seed):
    m = BayesianGaussianMixture(n_components=k, covariance_type="full",
                                weight_concentration_prior_type="dirichlet_distribution",
                                weight_concentration_prior=1.0 / k, mean_precision_prior=1.0,
                                mean_prior=np.zeros(d), degrees_of_freedom_prior=d,
                                covariance_prior=np.eye(d) / d, init_params="k-means++",
                                max_iter=1, tol=0.0, n_init=1, random_state=seed)
    m.fit(x)
    times, lb = [], None
    for _ in range(iters):  # the body of BaseMixture.fit_predict's loop
        t0 = time.perf_counter()
        log_prob_norm, log_resp = m._e_step(x)
        m._m_step(x, log_resp)
        lb = m._compute_lower_bound(log_resp, log_prob_norm)
        times.append(time.perf_counter() - t0)
    return times, lb


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--d", type=int, default=2)
    ap.add_argument("--iters", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    warnings.simplefilter("ignore", ConvergenceWarning)
    x = data(a.n, a.k, a.d, a.seed)
    times, lb = iteration_seconds(x, a.k, a.d, a.iters, a.seed)
    print(json.dumps({"peer": "scikit-learn " + sklearn.__version__, "n": a.n, "k": a.k, "d": a.d,
                      "seconds_per_iteration": float(np.median(times)), "fastest_iteration_seconds": min(times),
                      "iterations": len(times), "lower_bound": float(lb),
                      "omp_num_threads": os.environ.get("OMP_NUM_THREADS", "")}))


if __name__ == "__main__":
    main()
