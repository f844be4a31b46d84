"""Text folding for the assistant: what a reader sees, not what they typed.

Readers dodge word lists by writing digits and signs for letters ("V0llidi0t", "@rschl0ch"),
by putting signs inside a word ("A*loch", "I.d.i.o.t", "I d i o t") and by stretching letters
("Idiooooot"). `normalise()` undoes these so that the n-grams of an obfuscated word are the
n-grams of the plain one. It is deliberately independent of newsroom.text.normalize_text,
which folds "l" into "i" for comparing names: that would turn every German "ll" into noise.

Links, e-mail addresses and phone numbers are replaced by placeholder words before folding
(`urltoken`, `mailtoken`, `phonetoken`), so that "@" in an address never becomes an "a" and
the model learns "a comment with a link" rather than each domain.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Characters that render as nothing: zero-width space and joiners, soft hyphen, BOM, ...
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")

# Cyrillic and Greek look-alikes of Latin letters (after casefold).
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "в": "b", "с": "c", "е": "e", "ё": "e", "һ": "h", "і": "i", "ј": "j",
        "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "ѕ": "s", "т": "t", "у": "y",
        "х": "x", "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
        "τ": "t", "χ": "x", "ı": "i",
    }
)  # fmt: skip

# German letters written out, so "Volksverräter" and "Volksverraeter" are one word.
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

# Digits and signs standing for letters, applied only inside words that also have letters
# ("v0llidi0t"), never to numbers ("2025", "15 Euro").
_LEET = str.maketrans(
    {"0": "o", "1": "i", "!": "i", "|": "i", "3": "e", "4": "a", "@": "a", "5": "s",
     "$": "s", "7": "t", "8": "b", "€": "e"}
)  # fmt: skip

URL_RE = re.compile(
    r"(?:https?://|www\.)\S+?(?=[.,;:!?)]*(?:\s|$))|\b[a-z0-9][a-z0-9\-]{1,62}\.(?:de|com|net|org|ru|info|biz|io|xyz|"
    r"top|shop|online|site|eu|at|ch|co|me|ly|to)\b(?:/\S*)?",
    re.IGNORECASE,
)
EMAIL_RE = re.compile(r"\b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}\b", re.IGNORECASE)
# German numbers: +49 / 0049 / 0 and an area code, then digits with spaces, slashes or dashes.
PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\d{2}[\s\-/]?(?:\(0\))?\d{2,5}|\(?0\d{2,5}\)?)[\s\-/]?\d[\d \-/]{3,}\d"
)

# A word with signs inside ("a*loch", "schei#e", "ar**loch", "id-i-ot" is handled below).
_SIGNS_IN_WORD = re.compile(r"(?<=\w)[*#_~^]+(?=\w)")
# Letters spaced or dotted one by one: "i.d.i.o.t", "i d i o t", "v-o-l-l-i-d-i-o-t".
_SPELLED = re.compile(r"\b(?:\w[\s.\-*_/]){2,}\w\b")
_LEETY_WORD = re.compile(r"[\w@$!|€*]*[a-z][\w@$!|€*]*")
_RUN = re.compile(r"(.)\1{2,}")
_SPACES = re.compile(r"\s+")


def placeholders(text: str) -> str:
    """Links, e-mail addresses and phone numbers as placeholder words."""
    text = EMAIL_RE.sub(" mailtoken ", text)
    text = URL_RE.sub(" urltoken ", text)
    return PHONE_RE.sub(" phonetoken ", text)


def fold(text: str) -> str:
    """Unicode and case folding only: NFKC, invisibles out, marks off, look-alikes in."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text).casefold().translate(_GERMAN)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return text.translate(_CONFUSABLES)


def _unspell(match: re.Match) -> str:
    letters = re.sub(r"[\s.\-*_/]", "", match.group(0))
    # "z. B." and "u. a." are abbreviations, "i d i o t" is a word: join only 3+ letters.
    return letters if len(letters) >= 3 else match.group(0)


def _unleet(match: re.Match) -> str:
    word = match.group(0)
    core = word.rstrip("!|")  # "idiot!" keeps its exclamation mark
    if any(c.isdigit() or c in "@$!|€" for c in core):
        return core.translate(_LEET) + word[len(core) :]
    return word


@functools.lru_cache(maxsize=2048)
def normalise(text: str) -> str:
    """The text the n-grams are built from: placeholders, folded, de-obfuscated, squeezed."""
    text = fold(placeholders(text))
    text = _SPELLED.sub(_unspell, text)
    text = _SIGNS_IN_WORD.sub("", text)
    text = _LEETY_WORD.sub(_unleet, text)
    text = _RUN.sub(r"\1", text)  # "idiooooot" -> "idiot", "sooo" -> "so"
    return _SPACES.sub(" ", text).strip()


def squeeze(word: str) -> str:
    """Doubled letters as one, for matching stems ("vollidiot" and "volidiot" alike)."""
    return re.sub(r"(.)\1+", r"\1", word)
