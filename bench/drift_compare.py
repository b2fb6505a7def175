#!/usr/bin/python3
"""The NumPy/SciPy equivalent of `mlctl drift compare REFERENCE CURRENT --output json` (exact mode), written the
way a data scientist would: pandas.read_csv, then per column the DESIGN conventions ("Drift statistics").

    /usr/bin/python3 bench/drift_compare.py REFERENCE.csv CURRENT.csv > result.json

Numeric columns: edges = np.quantile(reference, k/10) for k = 1..9, duplicates removed, right-closed bins;
empty bins -> 1e-4 for PSI and KL; Jensen-Shannon distance on raw proportions; scipy.stats.ks_2samp with
method='exact' when n*m < 10000, 'asymp' otherwise. Categorical columns: union of categories, chi2_contingency
without correction. Verdicts with DESIGN's default thresholds; dataset drift when >= half the features drift.
"""
import json
import sys

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon

EPS = 1e-4
BINS = 10


def divergences(rc, cc):
    r = rc / rc.sum()
    c = cc / cc.sum()
    re = np.where(r == 0, EPS, r)
    ce = np.where(c == 0, EPS, c)
    psi = float(np.sum((ce - re) * np.log(ce / re)))
    kl = float(np.sum(re * np.log(re / ce)))
    return psi, kl, float(jensenshannon(r, c))


def numeric(ref, cur):
    ref = ref.to_numpy(dtype=float)
    cur = cur.to_numpy(dtype=float)
    nrr = float(np.mean(~np.isfinite(ref)))
    nrc = float(np.mean(~np.isfinite(cur)))
    ref = np.sort(ref[np.isfinite(ref)])
    cur = np.sort(cur[np.isfinite(cur)])
    edges = np.unique(np.quantile(ref, np.arange(1, BINS) / BINS))
    # right-closed bins: count of values <= each edge
    rc = np.diff(np.concatenate([[0], np.searchsorted(ref, edges, side='right'), [len(ref)]])).astype(float)
    cc = np.diff(np.concatenate([[0], np.searchsorted(cur, edges, side='right'), [len(cur)]])).astype(float)
    psi, kl, js = divergences(rc, cc)
    method = 'exact' if len(ref) * len(cur) < 10000 else 'asymp'
    ks = stats.ks_2samp(ref, cur, method=method)
    drift = psi >= 0.25 or ks.statistic >= 0.1 or kl >= 0.1
    verdict = 'drift' if drift else 'warn' if psi >= 0.1 else 'ok'
    return {'type': 'numeric', 'psi': psi, 'kl': kl, 'js_distance': js, 'ks_statistic': float(ks.statistic),
            'ks_pvalue': float(ks.pvalue), 'null_rate_reference': nrr, 'null_rate_current': nrc, 'verdict': verdict}


def categorical(ref, cur):
    nrr = float(ref.isna().mean())
    nrc = float(cur.isna().mean())
    rv = ref.dropna().astype(str).value_counts()
    cv = cur.dropna().astype(str).value_counts()
    cats = sorted(set(rv.index) | set(cv.index))
    rc = np.array([rv.get(k, 0) for k in cats], dtype=float)
    cc = np.array([cv.get(k, 0) for k in cats], dtype=float)
    psi, kl, js = divergences(rc, cc)
    p = float(stats.chi2_contingency(np.array([rc, cc]), correction=False)[1]) if len(cats) > 1 else 1.0
    drift = psi >= 0.25 or p < 0.001 or kl >= 0.1
    verdict = 'drift' if drift else 'warn' if psi >= 0.1 else 'ok'
    return {'type': 'categorical', 'psi': psi, 'kl': kl, 'js_distance': js, 'chi2_pvalue': p,
            'null_rate_reference': nrr, 'null_rate_current': nrc, 'verdict': verdict}


def main():
    ref = pd.read_csv(sys.argv[1])
    cur = pd.read_csv(sys.argv[2])
    features = []
    for col in ref.columns:
        is_numeric = pd.api.types.is_numeric_dtype(ref[col]) and pd.api.types.is_numeric_dtype(cur[col])
        row = numeric(ref[col], cur[col]) if is_numeric else categorical(ref[col], cur[col])
        features.append({'name': col, **row})
    drifted = sum(f['verdict'] == 'drift' for f in features)
    share = drifted / len(features)
    json.dump({'features': features, 'drift_share': share, 'dataset_drift': share >= 0.5}, sys.stdout, indent=2)
    print()


if __name__ == '__main__':
    main()
