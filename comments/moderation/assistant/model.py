"""The trained artefact: vectoriser, classifier and the vectors of decided comments.

An `AssistantModel` is what a blob holds (joblib, compressed). It carries no reader text:
the neighbours are kept as keys ("comment:123", "corpus:17") and labels, and the caller
looks the text up when a moderator asks, so a comment erased from the database is erased
from explanations too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import joblib
import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.preprocessing import normalize

from .lexicon import matched_stems
from .normalise import normalise

# The blob format: bump when AssistantModel changes shape, so an old blob is refused
# with a clear message instead of failing somewhere inside scikit-learn.
FORMAT = 1


class BlobError(ValueError):
    """A model blob that this code cannot use (other format or scikit-learn version)."""


@dataclass
class Fragment:
    text: str  # the normalised word ("vollidiot"), or a lexicon signal ("lexicon:insult")
    weight: float  # its share of the log-odds towards "hold"
    piece: str = ""  # the character n-gram of that word that weighed most


@dataclass
class Neighbour:
    key: str  # "comment:123" or "corpus:17"
    hold: bool
    similarity: float


@dataclass
class Explanation:
    score: float
    fragments: list[Fragment] = field(default_factory=list)
    neighbours: list[Neighbour] = field(default_factory=list)
    signals: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "score": round(self.score, 4),
            "fragments": [
                {"text": f.text, "weight": round(f.weight, 3), "piece": f.piece}
                for f in self.fragments
            ],
            "neighbours": [
                {"key": n.key, "hold": n.hold, "similarity": round(n.similarity, 3)}
                for n in self.neighbours
            ],
            "signals": self.signals,
        }


class AssistantModel:
    def __init__(self, *, vectoriser, classifier, reference, keys, labels, meta):
        self.vectoriser = vectoriser
        self.classifier = classifier
        self.reference = reference  # csr, L2-normalised rows of decided comments
        self.keys = list(keys)
        self.labels = np.asarray(labels, dtype=bool)
        self.meta = dict(meta)
        self.meta["format"] = FORMAT
        self.meta["sklearn"] = sklearn.__version__
        self._names = None
        self._analysers = {}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._analysers = {}

    # --- scoring ---------------------------------------------------------------------------

    def vectors(self, texts) -> sp.csr_matrix:
        """What `self.vectoriser.transform(texts)` gives, computed directly for few texts.

        scikit-learn's transform validates and dispatches per call, which costs more than the
        arithmetic for one comment; a test pins both paths to the same numbers.
        """
        texts = list(texts)
        if len(texts) > 8:
            return sp.csr_matrix(self.vectoriser.transform(texts))
        weights = self.vectoriser.transformer_weights or {}
        blocks = []
        for name, part in self.vectoriser.transformer_list:
            if hasattr(part, "vocabulary_"):
                block = sp.vstack([self._tfidf(part, text) for text in texts])
            else:
                block = sp.csr_matrix(part.transform(texts))
            blocks.append(block * weights.get(name, 1.0))
        return sp.hstack(blocks, format="csr")

    def _tfidf(self, vectoriser, text: str) -> sp.csr_matrix:
        analyse = self._analysers.get(id(vectoriser))
        if analyse is None:
            analyse = self._analysers[id(vectoriser)] = vectoriser.build_analyzer()
        vocabulary, idf = vectoriser.vocabulary_, vectoriser.idf_
        counts: dict[int, int] = {}
        for gram in analyse(text):
            j = vocabulary.get(gram)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        ordered = sorted(counts)  # python ints: a dict lookup per numpy integer is slow
        columns = np.asarray(ordered, dtype=np.int64)
        tf = np.asarray([counts[j] for j in ordered], dtype=np.float64)
        if vectoriser.sublinear_tf:
            tf = np.log(tf) + 1.0
        values = tf * idf[columns]
        norm = np.sqrt((values**2).sum())
        if norm > 0:
            values /= norm
        return sp.csr_matrix((values, columns, [0, len(columns)]), shape=(1, len(vocabulary)))

    def scores(self, texts) -> np.ndarray:
        """P(hold) per text: the logistic model's predict_proba, without its validation."""
        x = self.vectors(texts)
        z = x @ self.classifier.coef_[0] + self.classifier.intercept_[0]
        return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64).ravel()))

    def score(self, text: str) -> float:
        return float(self.scores([text])[0])

    # --- explaining ------------------------------------------------------------------------

    @property
    def feature_names(self) -> np.ndarray:
        if self._names is None:
            self._names = self.vectoriser.get_feature_names_out()
        return self._names

    def explain(self, text: str, *, fragments: int = 8, neighbours: int = 3) -> Explanation:
        x = self.vectors([text])
        score = float(self.classifier.predict_proba(x)[0, 1])  # the long way, as a cross-check
        coef = self.classifier.coef_[0]
        row = x.getrow(0).tocoo()
        contributions = {
            self.feature_names[j]: float(v * coef[j])
            for j, v in zip(row.col, row.data, strict=True)
        }
        return Explanation(
            score=score,
            fragments=self._fragments(text, contributions, fragments),
            neighbours=self.nearest(x, neighbours),
            signals=matched_stems(text),
        )

    def _fragments(self, text: str, contributions: dict, limit: int) -> list[Fragment]:
        """Sum the weights of each word's word and character n-grams; lexicon apart."""
        words = list(
            dict.fromkeys(w for w in normalise(text).split() if any(c.isalnum() for c in w))
        )
        words = [w.strip(".,;:!?\"'()[]„“”»«") for w in words]
        found: list[Fragment] = []
        chars = {
            n[len("chars__") :]: c for n, c in contributions.items() if n.startswith("chars__")
        }
        grams = {
            n[len("words__") :]: c for n, c in contributions.items() if n.startswith("words__")
        }
        for word in dict.fromkeys(w for w in words if w):
            padded = f" {word} "
            pieces = {g: c for g, c in chars.items() if g in padded and c > 0}
            # The evidence a word adds towards "hold": its pieces and n-grams that point there
            # (common fragments point the other way and would hide an insult's weight).
            total = sum(pieces.values()) + sum(
                c / len(g.split()) for g, c in grams.items() if c > 0 and word in g.split()
            )
            long = {g: c for g, c in pieces.items() if len(g.strip()) >= 4} or pieces
            piece = max(long, key=long.get, default="").strip()
            found.append(Fragment(text=word, weight=total, piece=piece))
        for name, c in contributions.items():
            if name.startswith("lexicon__"):
                found.append(Fragment(text="lexicon:" + name[len("lexicon__") :], weight=c))
        found = [f for f in found if f.weight > 0]
        found.sort(key=lambda f: -f.weight)
        return found[:limit]

    def nearest(self, x, limit: int = 3) -> list[Neighbour]:
        if self.reference is None or self.reference.shape[0] == 0 or limit <= 0:
            return []
        sims = (self.reference @ normalize(x).T).toarray().ravel()
        best = np.argsort(-sims, kind="stable")[:limit]
        return [
            Neighbour(key=self.keys[i], hold=bool(self.labels[i]), similarity=float(sims[i]))
            for i in best
            if sims[i] > 0
        ]

    # --- storage ---------------------------------------------------------------------------

    def dumps(self) -> bytes:
        buffer = io.BytesIO()
        self._names, self._analysers = None, {}
        joblib.dump(self, buffer, compress=3)
        return buffer.getvalue()


def loads(blob: bytes) -> AssistantModel:
    """The model in a blob, refused with BlobError if this code cannot use it."""
    try:
        model = joblib.load(io.BytesIO(bytes(blob)))
    except Exception as exc:  # a truncated or foreign blob
        raise BlobError(f"not a model blob: {exc}") from exc
    if not isinstance(model, AssistantModel) or model.meta.get("format") != FORMAT:
        raise BlobError("the blob is of another format; train a new model")
    if model.meta.get("sklearn", "").split(".")[:2] != sklearn.__version__.split(".")[:2]:
        raise BlobError(
            f"the model was trained with scikit-learn {model.meta.get('sklearn')}, "
            f"this server runs {sklearn.__version__}; train a new model"
        )
    return model
