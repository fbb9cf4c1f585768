#!/usr/bin/env python3
"""Fits the seven posteriordb models with `jvi fit --json` and compares them with posteriordb's
reference posteriors (vi-algorithms/src/main/resources/io/github/jvi/vi/examples/reference-posteriors.json).

Prints, per parameter, (mean - reference mean) / reference sd and sd / reference sd.
Usage: python3 bench/posteriordb_compare.py [extra jvi fit options, e.g. --method fullrank]
"""
import json, os, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ref = json.load(open(os.path.join(root, "vi-algorithms/src/main/resources/io/github/jvi/vi/examples/reference-posteriors.json")))
jar = os.path.join(root, "verification/target/jvi.jar")
extra = sys.argv[1:]
worst = 0.0
for model, r in ref["posteriors"].items():
    out = subprocess.run(["java", "-Xmx2g", "-jar", jar, "fit", model, "--json"] + extra,
                         capture_output=True, text=True)
    line = [l for l in out.stdout.splitlines() if l.startswith("{")]
    if not line:
        print(model, "FAILED", out.stdout.strip()[-300:], out.stderr.strip()[-300:])
        continue
    fit = json.loads(line[-1])
    print(f"{model}: elbo {fit['elbo']:.2f} khat {fit['khat']:.2f} iterations {fit['iterations']} "
          f"({fit['stop']}) {fit['seconds']:.1f} s")
    for name, p in r["params"].items():
        if name not in fit["params"]:
            print(f"  {name:12s} missing")
            continue
        f = fit["params"][name]
        z = (f["mean"] - p["mean"]) / p["sd"]
        worst = max(worst, abs(z))
        print(f"  {name:12s} mean {f['mean']:11.5g} ref {p['mean']:11.5g}  (mean-ref)/sd {z:+6.2f}   sd/ref_sd {f['sd'] / p['sd']:5.2f}")
print(f"worst |mean - ref| / sd: {worst:.2f}")
