"""One vectoriser for training, scoring, explaining and finding neighbours.

- word 1-2-grams (TF-IDF) of the normalised text: what moderators decided, in context;
- character 2-5-grams within words (`char_wb`, TF-IDF): inflections, compounds and
  obfuscations share fragments with the plain word ("vollidioten" shares "idiot");
- the lexicon counts (lexicon.py), with the site's word lists.

The three blocks are one FeatureUnion, so the coefficients of the linear model and the
vectors for the nearest-neighbour search live in the same space.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from .lexicon import LexiconFeatures
from .normalise import normalise

# How much each block counts next to the others (the TF-IDF rows are unit length each).
WEIGHTS = {"words": 1.0, "chars": 1.0, "lexicon": 0.8}


def vectoriser(*, blocked=(), watched=()) -> FeatureUnion:
    return FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    preprocessor=normalise,
                    analyzer="word",
                    ngram_range=(1, 2),
                    token_pattern=r"(?u)\b\w\w+\b",
                    sublinear_tf=True,
                    min_df=1,
                    max_features=60_000,
                    dtype=np.float64,
                ),
            ),
            (
                "chars",
                TfidfVectorizer(
                    preprocessor=normalise,
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    sublinear_tf=True,
                    min_df=2,
                    max_features=120_000,
                    dtype=np.float64,
                ),
            ),
            ("lexicon", LexiconFeatures(blocked=tuple(blocked), watched=tuple(watched))),
        ],
        transformer_weights=WEIGHTS,
    )
