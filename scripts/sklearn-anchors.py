#!/usr/bin/python3
"""The README's scikit-learn anchor column: scikit-learn's classifiers on the same GTZAN feature
table, all 57 features standardised (the scaler fitted on the training rows of each fold).

  apt-get install python3-sklearn      # Debian's scikit-learn (1.2 on bookworm), /usr/bin/python3
  npm run build:node && node scripts/gtzan-folds.js > /tmp/folds.tsv
  scripts/sklearn-anchors.py [--data ../shared/data] [--folds /tmp/folds.tsv] [--seeds 0-9]

Prints, for SVC (C=3, gamma=1/57), KNN (k=6), logistic regression (L2, C=1), a random forest
(200 trees) and histogram gradient boosting (scikit-learn's defaults), random_state 0:
  - 10-fold: scikit-learn's StratifiedKFold(10, shuffle=True, random_state=0), mean +- sd of the
    fold accuracies;
  - filtered: fitted on train+validation of the artist-filtered split, scored on its test rows;
  - with --folds: the same 10-fold on the folds `genrewise train` uses (scripts/gtzan-folds.js),
    and with --seeds the SVC's range over other StratifiedKFold seeds.
"""
import argparse
import csv
import os
import statistics

from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

HERE = os.path.dirname(os.path.abspath(__file__))


def models():
    return {
        "SVC C=3, gamma=1/57": lambda: SVC(C=3, gamma=1 / 57),
        "KNN k=6": lambda: KNeighborsClassifier(n_neighbors=6),
        "logistic regression C=1": lambda: LogisticRegression(C=1, max_iter=5000),
        "random forest 200": lambda: RandomForestClassifier(n_estimators=200, random_state=0),
        "HistGradientBoosting": lambda: HistGradientBoostingClassifier(random_state=0),
    }


def load(data):
    with open(os.path.join(data, "gtzan", "features_30_sec.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    names = [k for k in rows[0] if k not in ("filename", "length", "label")]
    return [r["filename"] for r in rows], [[float(r[n]) for n in names] for r in rows], [r["label"] for r in rows]


def accuracy(make, X, y, train, test):
    model = make_pipeline(StandardScaler(), make()).fit([X[i] for i in train], [y[i] for i in train])
    return model.score([X[i] for i in test], [y[i] for i in test])


def cv(make, X, y, folds):
    scores = [accuracy(make, X, y, train, test) for train, test in folds]
    return statistics.mean(scores), statistics.pstdev(scores)


def sk_folds(X, y, seed):
    return list(StratifiedKFold(10, shuffle=True, random_state=seed).split(X, y))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(HERE, "..", "..", "shared", "data"))
    ap.add_argument("--folds", help="filename<TAB>fold, from scripts/gtzan-folds.js")
    ap.add_argument("--seeds", help="a range a-b of StratifiedKFold seeds for the SVC's spread")
    args = ap.parse_args()
    ids, X, y = load(args.data)
    index = {name: i for i, name in enumerate(ids)}
    split = {}
    for part in ("train", "validation", "test"):
        with open(os.path.join(args.data, "gtzan", "splits", "filtered", f"{part}.csv")) as f:
            split[part] = [index[os.path.basename(line.strip())] for line in f if line.strip()]
    ours = None
    if args.folds:
        with open(args.folds) as f:
            fold_of = {name: int(fold) for name, fold in (line.rstrip("\n").split("\t") for line in f if line.strip())}
        ours = [
            ([i for i in range(len(ids)) if fold_of[ids[i]] != k], [i for i in range(len(ids)) if fold_of[ids[i]] == k])
            for k in range(10)
        ]
    for name, make in models().items():
        mean, sd = cv(make, X, y, sk_folds(X, y, 0))
        filtered = accuracy(make, X, y, split["train"] + split["validation"], split["test"])
        line = f"{name:26s} 10-fold {mean * 100:.1f} % +- {sd * 100:.1f} %, filtered {filtered * 100:.1f} %"
        if ours:
            line += f", on genrewise's folds {cv(make, X, y, ours)[0] * 100:.1f} %"
        print(line, flush=True)
    if args.seeds:
        a, b = (int(v) for v in args.seeds.split("-"))
        svc = models()["SVC C=3, gamma=1/57"]
        means = [cv(svc, X, y, sk_folds(X, y, s))[0] for s in range(a, b + 1)]
        print(f"SVC over StratifiedKFold seeds {a}-{b}: {min(means) * 100:.1f} % to {max(means) * 100:.1f} %")


if __name__ == "__main__":
    main()
