#!/usr/bin/python3
"""Generates the end-to-end drift benchmark's data: reference.csv and current.csv, ROWS rows x 10 features.

    /usr/bin/python3 bench/gen_drift_data.py OUT_DIR [ROWS]   (default 1,000,000 rows)

Seven numeric features (normal, lognormal, uniform, Poisson counts, exponential, a bimodal mixture, a
probability-like score) and three categorical ones. Four features drift in the current file: amount (mean
shift), latency_ms (scale change), country (a new category), and score (shape change). About 0.5% of
the values of two columns are missing.
"""
import os
import sys

import numpy as np
import pandas as pd


def frame(rng, n, drift):
    amount = rng.normal(100 + (15 if drift else 0), 30, n)
    latency = rng.lognormal(3.0, 0.6 * (1.4 if drift else 1.0), n)
    age = rng.uniform(18, 80, n)
    items = rng.poisson(3, n).astype(float)
    gap = rng.exponential(2.0, n)
    mix = np.where(rng.random(n) < 0.5, rng.normal(-2, 1, n), rng.normal(2, 1, n))
    score = rng.beta(2, 5, n) if not drift else rng.beta(2.6, 4, n)
    countries = ['US', 'DE', 'FR', 'GB', 'IN', 'BR']
    p = np.array([0.4, 0.2, 0.15, 0.1, 0.1, 0.05])
    if drift:
        countries = countries + ['NL']
        p = np.array([0.34, 0.2, 0.15, 0.1, 0.1, 0.05, 0.06])
    country = rng.choice(countries, n, p=p)
    device = rng.choice(['ios', 'android', 'web'], n, p=[0.3, 0.5, 0.2])
    plan = rng.choice(['free', 'basic', 'pro', 'enterprise'], n, p=[0.6, 0.25, 0.1, 0.05])
    df = pd.DataFrame({'amount': amount, 'latency_ms': latency, 'age': age, 'items': items, 'gap_s': gap,
                       'mix': mix, 'score': score, 'country': country, 'device': device, 'plan': plan})
    for col in ['amount', 'device']:
        df.loc[rng.random(n) < 0.005, col] = None
    return df


def main():
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(42)
    frame(rng, rows, False).to_csv(os.path.join(out, 'reference.csv'), index=False)
    frame(rng, rows, True).to_csv(os.path.join(out, 'current.csv'), index=False)


if __name__ == '__main__':
    main()
