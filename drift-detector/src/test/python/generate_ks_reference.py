#!/usr/bin/python3
"""Writes the SciPy reference values that KolmogorovSmirnovReferenceTest checks against.

Run with a Python that has NumPy and SciPy (here: /usr/bin/python3):
    /usr/bin/python3 drift-detector/src/test/python/generate_ks_reference.py
It covers every region in which SciPy's kstwo.sf switches algorithm (Ruben-Gambino ends, Durbin matrix,
Pomeranz, Pelz-Good, the doubled Smirnov tail, the underflow cut-offs), and exact two-sample p-values
for equal and unequal sample sizes.
"""
import os
import numpy as np
from scipy import stats
from scipy.stats import _stats_py

OUT = os.path.join(os.path.dirname(__file__), '..', 'resources', 'scipy')
os.makedirs(OUT, exist_ok=True)

rng = np.random.default_rng(20240601)
rows = []
ns = [1, 2, 3, 5, 10, 20, 39, 64, 100, 140, 141, 200, 500, 1000, 2500, 4444, 5000, 10000, 33333,
      100000, 100001, 250000, 500000, 999999, 1000001, 2000000]
for n in ns:
    xs = set()
    for nx2 in [0.05, 0.3, 0.7, 0.754, 0.76, 1.0, 1.5, 2.0, 2.19, 2.21, 3.0, 3.99, 4.01, 6, 10, 30, 100, 300, 369, 371]:
        x = np.sqrt(nx2 / n)
        if 0 < x < 1:
            xs.add(float(x))
    for t in [0.4, 0.6, 0.9, 1.0, 1.1]:
        if t / n < 1:
            xs.add(t / n)
    for x in [0.5, 0.55, 0.7, 0.9, 0.99, 1 - 1.0 / n + 1e-12]:
        if 0 < x < 1:
            xs.add(float(x))
    xs.update(float(v) for v in rng.uniform(0, min(1.0, 8 / np.sqrt(n)), 6))
    for x in sorted(xs):
        rows.append((n, x, float(stats.kstwo.sf(x, n))))
with open(os.path.join(OUT, 'kstwo-sf.csv'), 'w') as f:
    f.write('n,x,sf\n')
    for n, x, sf in rows:
        f.write(f'{n},{x!r},{sf!r}\n')

rows = []
for n1, n2 in [(1, 1), (2, 3), (5, 5), (7, 13), (10, 10), (20, 30), (40, 60), (33, 97), (50, 50), (60, 160),
               (99, 100), (9, 1000), (25, 399), (80, 80)]:
    if n1 * n2 >= 10000 and n1 != n2:
        continue
    g = np.gcd(n1, n2)
    lcm = (n1 // g) * n2
    for _ in range(8):
        # a lattice value of D, as two empirical CDFs produce
        d = float(rng.integers(1, lcm + 1)) / lcm
        ok, d2, p = _stats_py._attempt_exact_2kssamp(n1, n2, g, d, 'two-sided')
        if ok:
            rows.append((n1, n2, d, float(p)))
with open(os.path.join(OUT, 'ks-exact.csv'), 'w') as f:
    f.write('n1,n2,d,p\n')
    for r in rows:
        f.write(f'{r[0]},{r[1]},{r[2]!r},{r[3]!r}\n')
print('wrote', OUT)

rows = []
for dof in [1, 2, 3, 4, 5, 9, 10, 20, 49, 100, 250]:
    for x in [1e-6, 0.01, 0.5, 1, 2, 3.84, 5, 10, 20, 50, 100, 200, 400, 800, 1400]:
        rows.append((dof, x, float(stats.chi2.sf(x, dof))))
with open(os.path.join(OUT, 'chi2-sf.csv'), 'w') as f:
    f.write('dof,x,sf\n')
    for r in rows:
        f.write(f'{r[0]},{r[1]!r},{r[2]!r}\n')
