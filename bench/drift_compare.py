#!/usr/bin/python3
"""The NumPy/SciPy equivalent of `mlctl drift compare REFERENCE CURRENT --output json` (exact mode), written the
way a data scientist would: pandas.read_csv, then per column the DESIGN conventions ("Drift statistics").

    /usr/bin/python3 bench/drift_compare.py REFERENCE.csv CURRENT.csv > result.json

Numeric columns: edges = np.quantile(reference, k/10) for k = 1..9, duplicates removed, right-closed bins;
empty bins -> 1e-4 for PSI and KL; Jensen-Shannon distance on raw proportions; scipy.stats.ks_2samp with
method='exact' when n*m < 10000, 'asymp' otherwise; scipy.stats.wasserstein_distance, normed by np.std of the
reference; Hellinger over the bins. Categorical columns: union of categories, chi2_contingency without correction,
Hellinger over the categories, Cramer's V = sqrt(chi2 / N). Verdicts by DESIGN's rule ("Drift effect sizes"): while
both samples have under 1,000 values the KS / chi-square p-values decide, Benjamini-Hochberg adjusted across the
features (scipy.stats.false_discovery_control), at 0.001; otherwise the effect sizes at their default thresholds
(numeric: PSI, KS D, KL, W1/sd; categorical: PSI, KL). Dataset drift when >= half the features drift.
"""
import json
import sys

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon

EPS = 1e-4
BINS = 10
SMALL = 1000


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
    w1 = float(stats.wasserstein_distance(ref, cur))
    sd = float(np.std(ref))
    row = {'type': 'numeric', 'psi': psi, 'kl': kl, 'js_distance': js, 'ks_statistic': float(ks.statistic),
           'ks_pvalue': float(ks.pvalue), 'wasserstein': w1}
    if sd > 0:
        row['wasserstein_normed'] = w1 / sd
    row.update({'hellinger': hellinger(rc, cc), 'null_rate_reference': nrr, 'null_rate_current': nrc})
    small = len(ref) < SMALL and len(cur) < SMALL
    effect = psi >= 0.25 or ks.statistic >= 0.1 or kl >= 0.1 or (sd > 0 and w1 / sd >= 0.1)
    return row, small, float(ks.pvalue), effect, psi


def hellinger(rc, cc):
    return float(np.sqrt(0.5 * np.sum((np.sqrt(rc / rc.sum()) - np.sqrt(cc / cc.sum())) ** 2)))


def categorical(ref, cur):
    nrr = float(ref.isna().mean())
    nrc = float(cur.isna().mean())
    rv = ref.dropna().astype(str).value_counts()
    cv = cur.dropna().astype(str).value_counts()
    cats = sorted(set(rv.index) | set(cv.index))
    rc = np.array([rv.get(k, 0) for k in cats], dtype=float)
    cc = np.array([cv.get(k, 0) for k in cats], dtype=float)
    psi, kl, js = divergences(rc, cc)
    chi2, p = stats.chi2_contingency(np.array([rc, cc]), correction=False)[:2] if len(cats) > 1 else (0.0, 1.0)
    row = {'type': 'categorical', 'psi': psi, 'kl': kl, 'js_distance': js, 'chi2_pvalue': float(p),
           'hellinger': hellinger(rc, cc), 'cramers_v': float(np.sqrt(chi2 / (rc.sum() + cc.sum()))),
           'null_rate_reference': nrr, 'null_rate_current': nrc}
    small = rc.sum() < SMALL and cc.sum() < SMALL
    return row, small, float(p), psi >= 0.25 or kl >= 0.1, psi


def bh(ps):
    if hasattr(stats, 'false_discovery_control'):  # SciPy >= 1.11
        return stats.false_discovery_control(ps, method='bh')
    ps = np.asarray(ps, dtype=float)  # the same steps, for Debian 12's SciPy 1.10
    order = np.argsort(ps)
    m = len(ps)
    adj = np.minimum.accumulate((ps[order] * (m / np.arange(1, m + 1)))[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.clip(adj, 0, 1)
    return out


def main():
    ref = pd.read_csv(sys.argv[1])
    cur = pd.read_csv(sys.argv[2])
    features = []
    judged = []
    for col in ref.columns:
        is_numeric = pd.api.types.is_numeric_dtype(ref[col]) and pd.api.types.is_numeric_dtype(cur[col])
        row, small, p, effect, psi = numeric(ref[col], cur[col]) if is_numeric else categorical(ref[col], cur[col])
        features.append({'name': col, **row})
        judged.append((small, p, effect, psi))
    tested = [i for i, j in enumerate(judged) if j[0]]
    adjusted = bh([judged[i][1] for i in tested]) if tested else []
    p_adj = dict(zip(tested, adjusted))
    for i, (small, p, effect, psi) in enumerate(judged):
        # small samples: the (adjusted) p-value decides; larger ones: the effect sizes (PSI also warns)
        drift = p_adj[i] < 0.001 if small else effect
        verdict = 'drift' if drift else 'warn' if not small and psi >= 0.1 else 'ok'
        features[i]['verdict'] = verdict
    drifted = sum(f['verdict'] == 'drift' for f in features)
    share = drifted / len(features)
    json.dump({'features': features, 'drift_share': share, 'dataset_drift': share >= 0.5}, sys.stdout, indent=2)
    print()


if __name__ == '__main__':
    main()
