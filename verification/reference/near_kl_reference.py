#!/usr/bin/env python3
"""Exact references for jvi's accuracy checks (issue 13, section 4), computed with mpmath at 80 digits
(2000 for the Bernoulli, Categorical and logit families, whose probabilities reach e^-3000).

Writes, next to the checks that read them:
  verification/src/main/resources/io/github/jvi/verification/accuracy/near-kl.csv
  verification/src/main/resources/io/github/jvi/verification/accuracy/logprob.csv

Run from the repository root:  python3 verification/reference/near_kl_reference.py
(mpmath 1.3.0, Debian python3-mpmath). Every input is a float64 written with repr (exact round
trip); the reference is the exact KL (or log density) of those float64 inputs, evaluated in
80-digit arithmetic with the textbook formulas (no jvi code), printed to 17 significant digits.

near-kl.csv rows:  set,family,p,q,reference
  set = table: hand-made near-equal pairs, including the five of issue 13, and 12 far pairs;
  set = perturbation: p drawn with numpy's Generator(PCG64(20261202)) at every scale, q = p with
  every parameter multiplied by 1 + 1e-8 u, u ~ U[-1, 1] independently (rounded to float64).
  p and q are space-separated parameter lists in the family's order (see the Java check);
  MultivariateNormal gives (d, loc, scale_tril by rows), MultivariateNormalCov (d, loc, cov by rows).
"""
import csv, math, os
import mpmath as mp
import numpy as np

mp.mp.dps = 80
F = mp.mpf
OUT = os.path.join(os.path.dirname(__file__), '..', 'src', 'main', 'resources', 'io', 'github', 'jvi',
                   'verification', 'accuracy')


def normal(p, q):
    m1, s1, m2, s2 = map(F, p + q)
    return mp.log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - F(1) / 2


def mvn_parts(v):
    d = int(v[0])
    loc = [F(x) for x in v[1:1 + d]]
    tri = [F(x) for x in v[1 + d:]]
    L = mp.zeros(d, d)
    k = 0
    for i in range(d):
        for j in range(i + 1):
            L[i, j] = tri[k]
            k += 1
    return d, mp.matrix(loc), L


def mvn(p, q):
    d, m1, l1 = mvn_parts(p)
    _, m2, l2 = mvn_parts(q)
    s1 = l1 * l1.T
    s2 = l2 * l2.T
    s2inv = mp.inverse(s2)
    tr = sum((s2inv * s1)[i, i] for i in range(d))
    dm = m2 - m1
    quad = (dm.T * s2inv * dm)[0, 0]
    logdet1 = 2 * sum(mp.log(l1[i, i]) for i in range(d))
    logdet2 = 2 * sum(mp.log(l2[i, i]) for i in range(d))
    return (tr + quad - d + logdet2 - logdet1) / 2


def mvn_cov_parts(v):
    d = int(v[0])
    loc = mp.matrix([F(x) for x in v[1:1 + d]])
    S = mp.matrix(d, d)
    for i in range(d):
        for j in range(d):
            S[i, j] = F(v[1 + d + i * d + j])
    return d, loc, S


def mvn_cov(p, q):
    d, m1, s1 = mvn_cov_parts(p)
    _, m2, s2 = mvn_cov_parts(q)
    s2inv = mp.inverse(s2)
    tr = sum((s2inv * s1)[i, i] for i in range(d))
    dm = m2 - m1
    quad = (dm.T * s2inv * dm)[0, 0]
    return (tr + quad - d + mp.log(mp.det(s2)) - mp.log(mp.det(s1))) / 2


def gamma(p, q):
    a1, b1, a2, b2 = map(F, p + q)
    return (a1 - a2) * mp.digamma(a1) - mp.loggamma(a1) + mp.loggamma(a2) + a2 * mp.log(b1 / b2) + a1 * (b2 - b1) / b1


def poisson(p, q):
    a, b = F(p[0]), F(q[0])
    return a * mp.log(a / b) - a + b


def exponential(p, q):
    l1, l2 = F(p[0]), F(q[0])
    return mp.log(l1 / l2) + l2 / l1 - 1


def bernoulli_from(pp, qq):
    t = F(0)
    for a, b in ((pp, qq), (1 - pp, 1 - qq)):
        if a > 0:
            t += a * mp.log(a / b)
    return t


def bernoulli(p, q):
    return bernoulli_from(F(p[0]), F(q[0]))


def sig(l):
    return 1 / (1 + mp.exp(-l))


def bernoulli_logits(p, q):
    return bernoulli_from(sig(F(p[0])), sig(F(q[0])))


def categorical_from(pp, qq):
    return sum(a * mp.log(a / b) for a, b in zip(pp, qq) if a > 0)


def categorical(p, q):
    P = [F(x) for x in p]
    Q = [F(x) for x in q]
    sp, sq = sum(P), sum(Q)
    return categorical_from([x / sp for x in P], [x / sq for x in Q])


def softmax(l):
    e = [mp.exp(F(x)) for x in l]
    s = sum(e)
    return [x / s for x in e]


def categorical_logits(p, q):
    return categorical_from(softmax(p), softmax(q))


def dirichlet(p, q):
    a1 = [F(x) for x in p]
    a2 = [F(x) for x in q]
    s1, s2 = sum(a1), sum(a2)
    v = mp.loggamma(s1) - sum(mp.loggamma(x) for x in a1) - mp.loggamma(s2) + sum(mp.loggamma(x) for x in a2)
    return v + sum((x - y) * (mp.digamma(x) - mp.digamma(s1)) for x, y in zip(a1, a2))


def cb_A(l):
    return mp.log(mp.expm1(l) / l) if l != 0 else F(0)


def cb_mean(l):
    return 1 / (1 - mp.exp(-l)) - 1 / l if l != 0 else F(1) / 2


def cb_from_logits(l1, l2):
    return cb_A(l2) - cb_A(l1) - (l2 - l1) * cb_mean(l1)


def cb(p, q):
    lam1, lam2 = F(p[0]), F(q[0])
    return cb_from_logits(mp.log(lam1 / (1 - lam1)), mp.log(lam2 / (1 - lam2)))


def cb_logits(p, q):
    return cb_from_logits(F(p[0]), F(q[0]))


FAMILIES = {
    'Normal': normal, 'MultivariateNormal': mvn, 'MultivariateNormalCov': mvn_cov, 'Gamma': gamma, 'Poisson': poisson, 'Exponential': exponential,
    'Bernoulli': bernoulli, 'BernoulliLogits': bernoulli_logits, 'Categorical': categorical,
    'CategoricalLogits': categorical_logits, 'Beta': dirichlet, 'Dirichlet': dirichlet,
    'ContinuousBernoulli': cb, 'ContinuousBernoulliLogits': cb_logits,
}


HIGH = {'Bernoulli', 'BernoulliLogits', 'Categorical', 'CategoricalLogits', 'ContinuousBernoulliLogits'}


def reference(fam, p, q):
    # logits up to ~3000 make probabilities like e^-3000 = 1e-1300: those families get 2000 digits
    with mp.workdps(2000 if fam in HIGH else 80):
        return FAMILIES[fam](p, q)


def fmt(v):
    return ' '.join(repr(float(x)) for x in v)


def table():
    rows = []
    add = lambda fam, p, q: rows.append((fam, [float(x) for x in p], [float(x) for x in q]))
    # the five of issue 13
    add('Poisson', [10000], [10000.001])
    add('Beta', [100, 100], [100.0001, 100])
    add('Gamma', [10000, 1], [10000.01, 1])
    add('Bernoulli', [1e-9], [1.00000001e-9])
    add('ContinuousBernoulli', [0.5], [0.50000001])
    rel = [1e-12, 1e-8, 1e-6, 1e-4, 0.3]
    for r in rel:
        for x in (1e-3, 10, 1e6):
            add('Poisson', [x], [x * (1 + r)])
            add('Exponential', [x], [x / (1 + r)])
        add('Normal', [0.0, 1.0], [0.0, 1 + r])
        add('Normal', [1e3, 1e-3], [1e3 + 1e-3 * r, 1e-3])
        add('Gamma', [1e6, 1e6], [1e6 * (1 + r), 1e6 * (1 + r)])   # same mean
        add('Gamma', [0.01, 3.0], [0.01 * (1 + r), 3.0])
        add('Beta', [1e6, 1e6], [1e6 * (1 + r), 1e6 * (1 + r)])     # same mean
        add('Beta', [0.5, 2.0], [0.5, 2.0 * (1 + r)])
        add('Dirichlet', [2.0, 30.0, 1e4], [2.0 * (1 + r), 30.0, 1e4])
        add('Dirichlet', [1e5, 2e5, 3e5], [1e5 * (1 + r), 2e5 * (1 + r), 3e5 * (1 + r)])
        add('Bernoulli', [0.5], [0.5 * (1 + r)])
        add('Bernoulli', [1 - 1e-6], [1 - 1e-6 * (1 + r)])
        add('BernoulliLogits', [20.0], [20.0 * (1 + r)])
        add('Categorical', [0.25, 0.25, 0.5], [0.25 * (1 + r), 0.25, 0.5 * (1 - r / 2)])
        add('Categorical', [1e-7, 0.3, 0.7 - 1e-7], [1e-7 * (1 + r), 0.3, 0.7 - 1e-7])
        add('CategoricalLogits', [0.0, 1.0, -3.0], [0.0, 1.0 + r, -3.0])
        add('ContinuousBernoulli', [0.9], [0.9 * (1 + r / 10)])
        add('ContinuousBernoulliLogits', [100.0], [100.0 * (1 + r)])
        add('MultivariateNormal', [2, 0.0, 1.0, 1.0, 0.5, 2.0], [2, 0.0, 1.0, 1.0 * (1 + r), 0.5, 2.0])
        add('MultivariateNormalCov', [2, 0.0, 1.0, 2.0, 0.3, 0.3, 1.0], [2, 0.0, 1.0, 2.0, 0.3 * (1 + r), 0.3 * (1 + r), 1.0])
    # far pairs through every branch of the near-equal forms (direct, lumped, large-|l| ...)
    add('ContinuousBernoulliLogits', [-300.0], [250.0])
    add('ContinuousBernoulliLogits', [60.0], [400.0])
    add('ContinuousBernoulliLogits', [-3.0], [90.0])
    add('Gamma', [0.5, 2.0], [1e4, 0.1])
    add('Gamma', [3e6, 1e-3], [20.0, 5.0])
    add('Dirichlet', [0.01, 50.0, 1e5], [3.0, 0.5, 20.0])
    add('Beta', [1e8, 2.0], [5.0, 1e6])
    add('Poisson', [1e-3], [1e3])
    add('Bernoulli', [1e-12], [0.9])
    add('CategoricalLogits', [0.0, 30.0, -30.0], [5.0, -2.0, 40.0])
    add('Normal', [1e3, 1e-3], [-1e3, 1e2])
    add('MultivariateNormalCov', [2, 0.0, 1.0, 2.0, 0.3, 0.3, 1.0], [2, 5.0, -1.0, 0.5, -0.1, -0.1, 4.0])
    return rows


def scales_positive():
    return [1e-3, 1e-2, 0.1, 1.0, 10.0, 1e2, 1e3, 1e4, 1e6, 1e8]


def perturbation():
    rng = np.random.Generator(np.random.PCG64(20261202))
    rows = []
    draws = 2
    for s in scales_positive():
        for _ in range(draws):
            u = lambda: s * rng.uniform(0.5, 2.0)
            other = lambda: scales_positive()[rng.integers(0, 10)] * rng.uniform(0.5, 2.0)
            rows.append(('Normal', [rng.normal() * s, u()]))
            rows.append(('Gamma', [u(), other()]))
            rows.append(('Poisson', [u()]))
            rows.append(('Exponential', [u()]))
            rows.append(('Beta', [u(), u()]))
            rows.append(('Beta', [u(), other()]))
            rows.append(('Dirichlet', [u(), u(), other()]))
            d = 3
            tri = []
            for i in range(d):
                for j in range(i + 1):
                    tri.append(u() if i == j else rng.normal() * s * 0.3)
            rows.append(('MultivariateNormal', [d] + list(rng.normal(size=d) * s) + tri))
    for p in (1e-9, 1e-6, 1e-3, 0.1, 0.5, 0.9, 1 - 1e-3, 1 - 1e-6):
        for _ in range(draws):
            x = p * rng.uniform(0.9, 1.1) if p < 0.5 else (1 - (1 - p) * rng.uniform(0.9, 1.1) if p > 0.5 else 0.5)
            rows.append(('Bernoulli', [x]))
            rows.append(('ContinuousBernoulli', [x]))
    for s in (1e-3, 0.1, 1.0, 10.0, 30.0, 100.0, 1e3):
        for _ in range(draws):
            l = rng.normal() * s
            rows.append(('BernoulliLogits', [l]))
            rows.append(('ContinuousBernoulliLogits', [l]))
            rows.append(('CategoricalLogits', list(rng.normal(size=4) * s)))
    for tiny in (1e-9, 1e-6, 1e-3, 0.1, 0.25):
        for _ in range(draws):
            w = rng.uniform(0.5, 2.0, size=3)
            w = w / w.sum() * (1 - tiny)
            rows.append(('Categorical', [tiny] + list(w)))
    out = []
    for fam, p in rows:
        q = list(p)
        start = 1 if fam == 'MultivariateNormal' else 0
        for i in range(start, len(q)):
            q[i] = float(q[i] * (1 + 1e-8 * rng.uniform(-1, 1)))
        out.append((fam, [float(x) for x in p], q))
    # covariances: every entry of the upper triangle perturbed, mirrored (kept symmetric)
    for s in scales_positive():
        for _ in range(draws):
            d = 3
            a = rng.normal(size=(d, d)) * s
            cov = a @ a.T + np.eye(d) * s * s
            cov = (cov + cov.T) / 2
            loc = rng.normal(size=d) * s
            c2 = cov.copy()
            for i in range(d):
                for j in range(i, d):
                    c2[i, j] = c2[j, i] = float(cov[i, j] * (1 + 1e-8 * rng.uniform(-1, 1)))
            out.append(('MultivariateNormalCov', [d] + list(loc) + list(cov.ravel()), [d] + list(loc) + list(c2.ravel())))
    return out


def logprob_rows():
    rows = []
    for lam in (10.0, 1e3, 3e7, 1e8, 1e10):
        sd = math.sqrt(lam)
        for k in (-3, -1, 0, 1, 3):
            x = float(round(lam + k * sd))
            rows.append(('Poisson', [lam], x, x * mp.log(F(lam)) - F(lam) - mp.loggamma(F(x) + 1)))
    for a in (0.5, 3.0, 1e3, 1e7, 1e10):
        for b in (1.0, 2.5):
            for k in (-2, 0, 2):
                x = float(max(a / b + k * math.sqrt(a) / b, 1e-3))
                A, B, X = F(a), F(b), F(x)
                rows.append(('Gamma', [a, b], x, A * mp.log(B) + (A - 1) * mp.log(X) - B * X - mp.loggamma(A)))
    for a, b in ((3.0, 4.0), (0.5, 1e8), (5.0, 1e9), (1e7, 1e7), (1e10, 3e9), (2.5, 2.5e3)):
        m = a / (a + b)
        sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        for k in (-2, 0, 2):
            x = float(min(max(m + k * sd, 1e-300), 1 - 1e-16))
            A, B, X = F(a), F(b), F(x)
            lbeta = mp.loggamma(A) + mp.loggamma(B) - mp.loggamma(A + B)
            rows.append(('Beta', [a, b], x, (A - 1) * mp.log(X) + (B - 1) * mp.log(1 - X) - lbeta))
    return rows


def main():
    with open(os.path.join(OUT, 'near-kl.csv'), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['set', 'family', 'p', 'q', 'reference'])
        for name, rows in (('table', table()), ('perturbation', perturbation())):
            for fam, p, q in rows:
                ref = reference(fam, p, q)
                w.writerow([name, fam, fmt(p), fmt(q), mp.nstr(ref, 17, strip_zeros=False)])
    with open(os.path.join(OUT, 'logprob.csv'), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['family', 'params', 'x', 'reference'])
        for fam, p, x, ref in logprob_rows():
            w.writerow([fam, fmt(p), repr(float(x)), mp.nstr(ref, 17, strip_zeros=False)])


if __name__ == '__main__':
    main()
