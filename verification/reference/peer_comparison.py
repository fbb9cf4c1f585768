#!/usr/bin/env python3
"""How many of jvi's near-equal KL reference pairs torch and scipy get within 1e-9 relative.

Run from the repository root with an interpreter that has torch and scipy (Debian bookworm:
python3-torch 1.13.1, python3-scipy 1.10.1):   /usr/bin/python3 verification/reference/peer_comparison.py
Reads verification/src/main/resources/io/github/jvi/verification/accuracy/near-kl.csv (exact
references, see near_kl_reference.py) and prints, per family, the count within 1e-9 for
  torch: torch.distributions.kl_divergence in float64 (its registered closed forms);
  scipy: scipy.special.kl_div (Poisson, Bernoulli), scipy.stats.entropy(p, q) (Categorical),
         otherwise the textbook closed form written with scipy.special (gammaln, digamma,
         betaln) and numpy in float64, as a scipy user would.
"""
import csv, math, os, sys
from collections import defaultdict
import numpy as np
import torch
import torch.distributions as td
from scipy import special as sp, stats

torch.set_default_dtype(torch.float64)
T = lambda v: torch.tensor(v, dtype=torch.float64)
HERE = os.path.dirname(__file__)
CSV = os.path.join(HERE, '..', 'src', 'main', 'resources', 'io', 'github', 'jvi', 'verification', 'accuracy', 'near-kl.csv')


def mvn_parts(v):
    d = int(v[0])
    loc = v[1:1 + d]
    L = np.zeros((d, d))
    k = 1 + d
    for i in range(d):
        for j in range(i + 1):
            L[i, j] = v[k]
            k += 1
    return loc, L


def torch_dist(fam, v):
    if fam == 'Normal': return td.Normal(T(v[0]), T(v[1]))
    if fam == 'MultivariateNormal':
        loc, L = mvn_parts(v)
        return td.MultivariateNormal(T(loc), scale_tril=T(L))
    if fam == 'MultivariateNormalCov':
        d = int(v[0])
        return td.MultivariateNormal(T(v[1:1 + d]), covariance_matrix=T(np.array(v[1 + d:]).reshape(d, d)))
    if fam == 'Gamma': return td.Gamma(T(v[0]), T(v[1]))
    if fam == 'Poisson': return td.Poisson(T(v[0]))
    if fam == 'Exponential': return td.Exponential(T(v[0]))
    if fam == 'Bernoulli': return td.Bernoulli(probs=T(v[0]))
    if fam == 'BernoulliLogits': return td.Bernoulli(logits=T(v[0]))
    if fam == 'Categorical': return td.Categorical(probs=T(v))
    if fam == 'CategoricalLogits': return td.Categorical(logits=T(v))
    if fam == 'Beta': return td.Beta(T(v[0]), T(v[1]))
    if fam == 'Dirichlet': return td.Dirichlet(T(v))
    if fam == 'ContinuousBernoulli': return td.ContinuousBernoulli(probs=T(v[0]))
    if fam == 'ContinuousBernoulliLogits': return td.ContinuousBernoulli(logits=T(v[0]))
    raise ValueError(fam)


def dirichlet_kl(a1, a2):
    a1, a2 = np.array(a1), np.array(a2)
    s1, s2 = a1.sum(), a2.sum()
    return (sp.gammaln(s1) - sp.gammaln(a1).sum() - sp.gammaln(s2) + sp.gammaln(a2).sum()
            + ((a1 - a2) * (sp.digamma(a1) - sp.digamma(s1))).sum())


def cb_kl(l1, l2):
    A = lambda l: math.log(math.expm1(l) / l) if l != 0 else 0.0
    mu = lambda l: 1 / (1 - math.exp(-l)) - 1 / l if l != 0 else 0.5
    return A(l2) - A(l1) - (l2 - l1) * mu(l1)


def scipy_kl(fam, p, q):
    if fam == 'Normal':
        m1, s1, m2, s2 = p + q
        return math.log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - 0.5
    if fam == 'MultivariateNormal':
        m1, L1 = mvn_parts(p); m2, L2 = mvn_parts(q)
        S1, S2 = L1 @ L1.T, L2 @ L2.T
        S2i = np.linalg.inv(S2); dm = np.array(m2) - np.array(m1)
        return 0.5 * (np.trace(S2i @ S1) + dm @ S2i @ dm - len(m1) + np.linalg.slogdet(S2)[1] - np.linalg.slogdet(S1)[1])
    if fam == 'MultivariateNormalCov':
        d = int(p[0])
        S1 = np.array(p[1 + d:]).reshape(d, d); S2 = np.array(q[1 + d:]).reshape(d, d)
        S2i = np.linalg.inv(S2); dm = np.array(q[1:1 + d]) - np.array(p[1:1 + d])
        return 0.5 * (np.trace(S2i @ S1) + dm @ S2i @ dm - d + np.linalg.slogdet(S2)[1] - np.linalg.slogdet(S1)[1])
    if fam == 'Gamma':
        a1, b1, a2, b2 = p + q
        return (a1 - a2) * sp.digamma(a1) - sp.gammaln(a1) + sp.gammaln(a2) + a2 * math.log(b1 / b2) + a1 * (b2 - b1) / b1
    if fam == 'Poisson': return sp.kl_div(p[0], q[0])
    if fam == 'Exponential': return math.log(p[0] / q[0]) + q[0] / p[0] - 1
    if fam == 'Bernoulli': return sp.kl_div(p[0], q[0]) + sp.kl_div(1 - p[0], 1 - q[0])
    if fam == 'BernoulliLogits':
        a, b = sp.expit(p[0]), sp.expit(q[0])
        return sp.kl_div(a, b) + sp.kl_div(sp.expit(-p[0]), sp.expit(-q[0]))
    if fam == 'Categorical': return stats.entropy(p, q)
    if fam == 'CategoricalLogits': return stats.entropy(sp.softmax(p), sp.softmax(q))
    if fam in ('Beta', 'Dirichlet'): return dirichlet_kl(p, q)
    if fam == 'ContinuousBernoulli': return cb_kl(sp.logit(p[0]), sp.logit(q[0]))
    if fam == 'ContinuousBernoulliLogits': return cb_kl(p[0], q[0])
    raise ValueError(fam)


def ok(v, ref):
    if abs(ref) < 2.2250738585072014e-308:
        return abs(v - ref) < 2.2250738585072014e-308
    return abs(v - ref) <= 1e-9 * abs(ref)


def main():
    counts = defaultdict(lambda: [0, 0, 0])  # (set, family) -> torch ok, scipy ok, n
    for row in csv.DictReader(open(CSV)):
        fam = row['family']
        p = [float(x) for x in row['p'].split()]
        q = [float(x) for x in row['q'].split()]
        ref = float(row['reference'])
        base = fam[:-6] if fam.endswith('Logits') else fam[:-3] if fam.endswith('Cov') else fam
        c = counts[(row['set'], base)]
        try:
            t = float(td.kl_divergence(torch_dist(fam, p), torch_dist(fam, q)))
        except Exception:
            t = float('nan')
        with np.errstate(all='ignore'):
            try:
                s = float(scipy_kl(fam, p, q))
            except Exception:
                s = float('nan')
        c[0] += ok(t, ref)
        c[1] += ok(s, ref)
        c[2] += 1
    print('torch', torch.__version__, 'scipy', __import__('scipy').__version__)
    for st in ('table', 'perturbation'):
        tot = [0, 0, 0]
        print(f'\n{st}: family  torch  scipy  (within 1e-9 relative, of n)')
        for (s_, fam), c in sorted(counts.items()):
            if s_ != st: continue
            print(f'  {fam:20s} {c[0]:3d}/{c[2]:<3d} {c[1]:3d}/{c[2]:<3d}')
            tot = [a + b for a, b in zip(tot, c)]
        print(f'  {"all":20s} {tot[0]:3d}/{tot[2]:<3d} {tot[1]:3d}/{tot[2]:<3d}')


if __name__ == '__main__':
    main()
