"""Writes rfm20.csv (transactions) and rfm20_expected.csv with the RFM values
and scores computed the spreadsheet way (COUNTIF formulas; F anchored at one
purchase, see docs/engagement.md). Run: python3 make_rfm20.py"""
import datetime as dt

ANALYSIS = dt.date(2024, 7, 1)  # the day after the last purchase (c01)
# customer: (recency days, purchases, amount per purchase, spacing in days)
DESIGN = {
    "c01": (1, 8, 50, 10), "c02": (3, 6, 40, 10), "c03": (5, 1, 30, 10),
    "c04": (8, 2, 25, 0),  # two purchases on the same day
    "c05": (12, 4, 60, 10), "c06": (15, 1, 500, 10), "c07": (20, 3, 20, 10),
    "c08": (25, 5, 35, 10), "c09": (30, 1, 15, 10), "c10": (40, 2, 80, 10),
    "c11": (50, 3, 45, 10), "c12": (60, 7, 30, 10), "c13": (75, 1, 10, 10),
    "c14": (90, 2, 20, 10), "c15": (120, 4, 100, 10), "c16": (150, 6, 70, 10),
    "c17": (200, 1, 5, 10), "c18": (250, 2, 12, 10), "c19": (300, 3, 22, 10),
    "c20": (300, 1, 8, 10),
}
rows = []
for c, (rec, n, amount, gap) in DESIGN.items():
    last = ANALYSIS - dt.timedelta(days=rec)
    for k in range(n):
        rows.append((c, last - dt.timedelta(days=gap * k), amount))
rows.sort(key=lambda r: (r[1], r[0]))
with open("rfm20.csv", "w") as f:
    f.write("customer,date,amount\n")
    for c, d, a in rows:
        f.write(f"{c},{d.isoformat()},{a}\n")

cust = sorted(DESIGN)
R = {c: (ANALYSIS - max(d for cc, d, _ in rows if cc == c)).days for c in cust}
F = {c: sum(1 for cc, _, _ in rows if cc == c) for c in cust}
M = {c: sum(a for cc, _, a in rows if cc == c) for c in cust}
n = len(cust)

def score(values, x, higher_better):
    less = sum(1 for v in values if (v < x if higher_better else v > x))
    equal = sum(1 for v in values if v == x)
    return min(5, 1 + int(5 * (less + equal / 2) / n))

def frequency_score(values, x):
    """F = 1 for one purchase; repeat buyers 2 + floor(4 x fewer / repeat buyers)."""
    if x < 2:
        return 1
    repeat = [v for v in values if v >= 2]
    fewer = sum(1 for v in repeat if v < x)
    return 2 + int(4 * fewer / len(repeat))

def segment(r, f):
    table = [
        ("Champions", {5}, {4, 5}), ("Loyal", {3, 4}, {4, 5}),
        ("Potential loyalist", {4, 5}, {2, 3}), ("New", {5}, {1}),
        ("Promising", {4}, {1}), ("Need attention", {3}, {3}),
        ("About to sleep", {3}, {1, 2}), ("At risk", {1, 2}, {3, 4}),
        ("Can't lose them", {1, 2}, {5}), ("Hibernating", {2}, {1, 2}),
        ("Lost", {1}, {1, 2}),
    ]
    return next(name for name, rs, fs in table if r in rs and f in fs)

with open("rfm20_expected.csv", "w") as f:
    f.write("customer,recency_days,frequency,monetary,r,f,m,segment\n")
    for c in cust:
        r = score(R.values(), R[c], False)
        fq = frequency_score(list(F.values()), F[c])
        m = score(M.values(), M[c], True)
        f.write(f"{c},{R[c]},{F[c]},{M[c]},{r},{fq},{m},{segment(r, fq)}\n")
