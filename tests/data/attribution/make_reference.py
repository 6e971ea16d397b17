"""Makes the ChannelAttribution reference fixtures of tests/attribution_reference.rs.

Run from the repository root with ChannelAttribution installed in a venv outside
the repository (see README.md in this folder):

    python tests/data/attribution/make_reference.py

Writes paths-8.csv (the input, generated with a fixed seed) and, for it,
ca-heuristics.csv (heuristic_models) and ca-markov-order{1,2,3}.csv
(markov_model with out_more=True: attributed conversions and value, removal effects).
"""
import os
import random
import sys
import time

import pandas as pd
import ChannelAttribution as ca

HERE = os.path.dirname(os.path.abspath(__file__))
NSIM = int(float(os.environ.get("NSIM", "1e8")))
CHANNELS = ["Search ad", "Social ad", "E-mail", "Display", "Affiliate", "Direct", "Video", "Referral"]


def make_paths(seed=20261201, rows=400):
    rng = random.Random(seed)
    # Each channel: how often it opens a path, how often it follows, and how well it converts.
    start = [0.22, 0.2, 0.08, 0.18, 0.08, 0.1, 0.09, 0.05]
    follow = [0.14, 0.12, 0.18, 0.08, 0.1, 0.2, 0.08, 0.1]
    lift = [1.2, 0.9, 1.6, 0.5, 1.1, 1.8, 0.7, 1.3]
    out = []
    seen = set()
    while len(out) < rows:
        length = min(8, 1 + int(rng.expovariate(1 / 2.2)))
        path = [rng.choices(range(8), start)[0]]
        while len(path) < length:
            if rng.random() < 0.15:
                path.append(path[-1])  # a consecutive repeat (collapsed by Markov)
            else:
                path.append(rng.choices(range(8), follow)[0])
        text = " > ".join(CHANNELS[c] for c in path)
        if text in seen:
            continue
        seen.add(text)
        rate = min(0.9, 0.04 * sum(lift[c] for c in set(path)) * (1 + 0.15 * len(path)))
        journeys = rng.randint(20, 400)
        conversions = sum(1 for _ in range(journeys) if rng.random() < rate)
        nulls = journeys - conversions
        value = round(conversions * rng.uniform(20, 120), 2)
        out.append((text, conversions, value, nulls))
    return pd.DataFrame(out, columns=["path", "total_conversions", "total_conversion_value", "total_null"])


def main():
    data = make_paths()
    data.to_csv(os.path.join(HERE, "paths-8.csv"), index=False, float_format="%.2f")
    data = pd.read_csv(os.path.join(HERE, "paths-8.csv"))
    h = ca.heuristic_models(data, "path", "total_conversions", var_value="total_conversion_value", flg_pro=False)
    h.to_csv(os.path.join(HERE, "ca-heuristics.csv"), index=False, float_format="%.17g")
    for order in (1, 2, 3):
        started = time.time()
        r = ca.markov_model(
            data, "path", "total_conversions", var_value="total_conversion_value", var_null="total_null",
            order=order, nsim_start=NSIM, max_step=1000, out_more=True, ncore=2, nfold=10, seed=0,
            verbose=False, flg_pro=False,
        )
        merged = r["result"].merge(r["removal_effects"], on="channel_name")
        merged.to_csv(os.path.join(HERE, f"ca-markov-order{order}.csv"), index=False, float_format="%.17g")
        print(f"order {order}: {NSIM:.0e} simulations in {time.time() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
