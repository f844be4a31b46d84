"""Text normalisation shared by every rule that compares what people typed.

`skeleton()` is the one place that decides when two strings *look* the same: reserved display
names and handles (accounts) and the word lists (comments) both ask it, so an evasion fixed
here is fixed everywhere. The idea is Unicode's confusables skeleton (UTS #39): fold what a
reader cannot tell apart, then compare. We keep a small table instead of a dependency: the
PyPI packages for confusables are unmaintained or only detect mixed scripts, and the look-
alikes that matter for a German newspaper's names and words are few (Latin, Cyrillic, Greek,
digits standing in for letters).
"""

from __future__ import annotations

import re
import unicodedata

# Characters that render as nothing (or nearly): zero-width space/joiners, word joiner, BOM,
# soft hyphen, Mongolian vowel separator, invisible operators, variation selectors.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)

# Look-alikes folded to the Latin letter a reader sees (after NFKC and casefold).
_CONFUSABLES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "ё": "e", "һ": "h", "і": "i",
        "ї": "i", "ј": "j", "к": "k", "ӏ": "l", "м": "m", "н": "h", "о": "o", "р": "p",
        "ԛ": "q", "г": "r", "ѕ": "s", "т": "t", "ц": "u", "υ": "u", "ѵ": "v", "ԝ": "w",
        "х": "x", "у": "y", "ү": "y", "з": "3", "ь": "b", "п": "n",
        # Greek
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "χ": "x", "γ": "y", "ω": "w", "μ": "u", "ς": "s", "σ": "o",
        # Latin extensions a font draws like the plain letter
        "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ɩ": "i", "ʏ": "y", "ß": "ss", "æ": "ae",
        "œ": "oe", "ø": "o", "đ": "d", "ħ": "h", "ł": "l", "ŀ": "l",
    }
)  # fmt: skip

# Digits and signs used for letters ("m0deration", "r3daktion", "adm1n"), applied where only
# letters matter: handles and reserved names, not free text.
_LEET = str.maketrans(
    {"0": "o", "1": "i", "!": "i", "|": "i", "3": "e", "4": "a", "@": "a", "5": "s",
     "$": "s", "7": "t", "8": "b", "9": "g"}
)  # fmt: skip


def normalize_text(value: str) -> str:
    """NFKC, invisible characters removed, combining marks dropped, case folded, look-alikes
    folded; keeps spaces and punctuation, so word boundaries survive (for word lists)."""
    value = unicodedata.normalize("NFKC", value)
    value = _INVISIBLE.sub("", value)
    # NFD splits "ö" into "o" + combining diaeresis: dropping the marks defeats stacked
    # combining characters ("b̷a̷d") as well as accents.
    value = "".join(
        ch for ch in unicodedata.normalize("NFD", value) if not unicodedata.combining(ch)
    )
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Cf")
    value = value.casefold().translate(_CONFUSABLES)
    # "l" and "I" are the same stroke in most fonts; casefold made "I" an "i".
    return value.replace("l", "i")


def skeleton(value: str) -> str:
    """What `value` looks like, letters only: for comparing names and handles.

    "Redaktion", "R e d a k t i o n", "redaktion_", "Rеdaktion" (Cyrillic е), "r3dakti0n"
    and "REDAKTİON" all give the same skeleton.
    """
    value = normalize_text(value).translate(_LEET)
    value = value.replace("rn", "m").replace("vv", "w")
    return "".join(ch for ch in value if ch.isalnum())


def skeleton_words(value: str) -> list[str]:
    """The skeletons of the words in `value` ("Die Redaktion" -> ["die", "redaktion"])."""
    return [word for word in (skeleton(part) for part in re.split(r"[\s_.\-]+", value)) if word]
