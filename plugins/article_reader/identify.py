"""Identify the language of a text: script rules first, then py3langid.

A script that only one language Samizdat knows is written in (Tibetan,
Burmese, Khmer, Lao, Hangul, Georgian...) decides by itself: the rule is
better than a statistical model on OCR noise and unspaced text. Scripts
shared by many languages (Latin, Cyrillic, Arabic, Devanagari...) go to
py3langid's model, restricted to the languages written in that script,
with letter rules where the model is weak (Uyghur, Pashto, Urdu, Sorani
and Sindhi by their own letters; Simplified and Traditional Chinese;
Tigrinya and Amharic by their small words and letters; Cyrillic Uzbek;
Tatar, not Bashkir; Serbian's two scripts). The model is shipped inside
the package and never fetched; it is loaded once, on first use, from the
build cache folder the caller names (``kept``, a model_cache.ModelCache)
when it holds the model decompressed.

Data shapes:
    identify(text: str, kept: ModelCache = NOT_KEPT) -> Identification
    choose_among(text: str, tags: Sequence[str], kept: ModelCache = NOT_KEPT)
        -> str   one of tags
    Identification(tag: str, reason: str)
        tag: a BCP 47 tag ("fa", "sr-Cyrl", "zh-Hant"), or UNDETERMINED ("und")
        reason: how it was decided, or why not ("too short", ...)
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from .model_cache import NOT_KEPT, ModelCache, load_identifier
from .scripts import (
    SCRIPT_CODES,
    arabic_script_language,
    chinese_standard,
    cyrillic_uzbek,
    ekavian_balance,
    ethiopic_language,
    hebrew_script_language,
    japanese_share,
    not_bashkir,
    script_counts,
    serbian_latin,
    vietnamese_share,
)

logger = logging.getLogger(__name__)

UNDETERMINED = "und"

# Identification looks at this many characters: enough for any language,
# and keeps a 5 MB file from costing more than a short one.
SAMPLE_CHARS = 4000
# Fewer letters than this in the sample: not identified. A script of its own
# needs few (a Tibetan headline is enough); a shared one needs a sentence.
MIN_LETTERS_OWN_SCRIPT = 4
MIN_LETTERS_SHARED_SCRIPT = 20
# The model's probability (renormalised over the script's languages) below
# which the text is left undetermined rather than guessed.
MIN_CONFIDENCE = 0.5
# The model first reads this many characters, and reads on only when its
# confidence there is below SURE.
FIRST_READ_CHARS = 600
SURE = 0.98
# Another shared script with this share of the letters: its languages are
# candidates too (and the main script's stay candidates).
SECOND_SCRIPT_SHARE = 0.25
# Kana among Han+Kana above this share: Japanese, not Chinese.
JAPANESE_KANA_SHARE = 0.1
# Vietnamese-only letters above this share of Latin letters: Vietnamese,
# whatever the model says (the tuning half of the Vietnamese corpus has 16 %
# at least; an English sentence quoting "Hà Nội" has 2 %).
VIETNAMESE_SHARE = 0.03

# A Han, Kana or Hangul character is a syllable or a word: weighed as three
# letters, so a Chinese paragraph naming "Apple iPhone" stays Chinese.
_WEIGHTS = {"Han": 3, "Kana": 3, "Hangul": 3}

# Scripts that one language writes: the script decides.
_OWN_SCRIPT = {
    "Tibetan": "bo",
    "Myanmar": "my",
    "Khmer": "km",
    "Lao": "lo",
    "Hangul": "ko",
    "Georgian": "ka",
    "Armenian": "hy",
    "Thai": "th",
    "Sinhala": "si",
    "Gujarati": "gu",
    "Gurmukhi": "pa",
    "Oriya": "or",
    "Tamil": "ta",
    "Telugu": "te",
    "Kannada": "kn",
    "Malayalam": "ml",
    "Thaana": "dv",
    "Syriac": "syr",
    "Nko": "nqo",
    "Greek": "el",
    "Mongolian": "mn",
    "Cherokee": "chr",
    "Tifinagh": "zgh",
}

# The model's languages written in each shared script. Every other label
# of the model is a Latin-script language ("sr" and "uz" are both: the
# model has one label for Serbian, and one for Uzbek, in either script).
_MODEL_LANGUAGES = {
    "Cyrillic": (
        *("ba", "be", "bg", "kk", "ky", "mk", "mn", "ru", "sr", "tg", "tt", "uk"),
        "uz",
    ),
    "Arabic": ("ar", "ary", "arz", "fa", "ps", "sdh", "ug", "ur", "uzs"),
    "Devanagari": ("gom", "hi", "mr", "ne", "sa"),
    "Bengali": ("as", "bn"),
    "Hebrew": ("hbo", "he"),
}
_NOT_LATIN = frozenset(
    code
    for codes in _MODEL_LANGUAGES.values()
    for code in codes
    if code not in ("sr", "uz")
) | frozenset(
    {"am", "dz", "el", "grc", "gu", "hy", "ja", "ka", "km", "kn", "ko", "lo", "ml"}
    | {"my", "or", "pa", "si", "ta", "te", "th", "wuu", "yue", "zh", "zxx"}
)

# Model labels that are not the tag a page should carry.
_MODEL_TAGS = {
    "arz": "ar",  # Egyptian and Moroccan Arabic: the model's guess on news
    "ary": "ar",  # in Modern Standard Arabic, which readers call Arabic
    "hbo": "he",
    "grc": "el",
    "gug": "gn",
    "uzs": "uz-Arab",
}

# Close languages whose scores the model spreads over each other.
_SERBO_CROATIAN = frozenset({"bs", "hr", "sr"})
_CLOSE_LANGUAGES = (_SERBO_CROATIAN, frozenset({"id", "ms"}))

_MODEL_LANGUAGE_SETS = {
    script: frozenset(codes) for script, codes in _MODEL_LANGUAGES.items()
}

# Languages written in several scripts today: their tag names the script.
MULTI_SCRIPT = frozenset({"az", "bs", "kk", "ks", "mn", "pa", "sd", "sr", "tt", "uz"})

# The identifier once loaded (_identifier): at most one item.
_LOADED: list = []


@dataclass(frozen=True)
class Identification:
    tag: str
    reason: str

    @property
    def identified(self) -> bool:
        return self.tag != UNDETERMINED


def identify(text: str, kept: ModelCache = NOT_KEPT) -> Identification:
    sample = text[:SAMPLE_CHARS]
    counts = script_counts(sample)
    if not counts:
        return Identification(UNDETERMINED, "no letters")
    script = max(counts, key=lambda name: counts[name] * _WEIGHTS.get(name, 1))
    letters = counts[script]
    if script in ("Han", "Kana"):
        if japanese_share(counts) > JAPANESE_KANA_SHARE:
            return Identification("ja", "Japanese kana")
        return Identification(chinese_standard(sample), "Han characters")
    if script in _OWN_SCRIPT or script == "Ethiopic":
        if letters < MIN_LETTERS_OWN_SCRIPT:
            return Identification(UNDETERMINED, f"too short ({letters} letters)")
        if script == "Ethiopic":
            return Identification(ethiopic_language(sample), "Ethiopic letters")
        tag = _OWN_SCRIPT[script]
        if tag in MULTI_SCRIPT:
            tag = f"{tag}-{SCRIPT_CODES[script]}"
        return Identification(tag, f"{script} script")
    if letters < MIN_LETTERS_SHARED_SCRIPT:
        return Identification(UNDETERMINED, f"too short ({letters} letters)")
    if script == "Arabic":
        by_letters = arabic_script_language(sample)
        if by_letters:
            return Identification(by_letters, "letters of its own")
        # Its own letters absent: not Uyghur, Pashto, Urdu, Sorani, Sindhi.
        return _by_model(sample, counts, script, kept, exclude=("ps", "ug", "ur"))
    if script == "Hebrew":
        return Identification(hebrew_script_language(sample), "Hebrew letters")
    if script == "Cyrillic" and cyrillic_uzbek(sample):
        return Identification("uz-Cyrl", "Uzbek Cyrillic letters")
    if script == "Latin" and vietnamese_share(sample) > VIETNAMESE_SHARE:
        return Identification("vi", "Vietnamese letters")
    if script == "Cyrillic" and not_bashkir(sample):
        # Tatar the model would call Bashkir: without Bashkir's own letters.
        return _by_model(sample, counts, script, kept, exclude=("ba",))
    if script in _MODEL_LANGUAGES or script == "Latin":
        return _by_model(sample, counts, script, kept)
    return Identification(UNDETERMINED, f"no language known for the {script} script")


def choose_among(text: str, tags: Sequence[str], kept: ModelCache = NOT_KEPT) -> str:
    """The one of tags, close languages in Latin letters ("sr-Latn", "hr",
    "bs-Latn"; "id", "ms"), that the text reads most like: Serbian when its
    ekavian forms and Serbian-only words outweigh ijekavian ones, not
    Serbian when they are outweighed; then the model's best of the rest,
    else the first tag. ``kept``: where the model is kept (model_cache.py)."""
    sample = text[:SAMPLE_CHARS]
    candidates = list(tags)
    if "sr-Latn" in tags:
        balance = ekavian_balance(sample)
        if balance > 0:
            return "sr-Latn"
        if balance < 0 and len(tags) > 1:
            candidates.remove("sr-Latn")
    labels = {tag.split("-")[0]: tag for tag in candidates}
    for label, _ in _identifier(kept).rank(sample):
        if label in labels:
            return labels[label]
    return candidates[0]


def _by_model(
    sample: str, counts, script: str, kept: ModelCache, exclude: tuple = ()
) -> Identification:
    """The model's best language among those of the text's main scripts.

    A script with at least SECOND_SCRIPT_SHARE of the letters counts too:
    a Belarusian text quoting English program names stays Belarusian.
    """
    total_letters = sum(counts.values())
    scripts = [script] + [
        other
        for other in counts
        if other != script
        and (other in _MODEL_LANGUAGES or other == "Latin")
        and counts[other] >= SECOND_SCRIPT_SHARE * total_letters
    ]
    identifier = _identifier(kept)
    languages = {name: _script_languages(name, identifier) for name in scripts}
    allowed = frozenset().union(*languages.values())
    # The model reads the opening first (its cost grows with the text) and
    # the whole sample only when the opening leaves it unsure.
    best = _model_best(identifier, sample[:FIRST_READ_CHARS], allowed, exclude)
    if len(sample) > FIRST_READ_CHARS and (best is None or best[1] < SURE):
        best = _model_best(identifier, sample, allowed, exclude)
    if best is None:
        return Identification(UNDETERMINED, "no model score")
    label, confidence = best
    if confidence < MIN_CONFIDENCE:
        return Identification(
            UNDETERMINED, f"low confidence ({label} {confidence:.2f})"
        )
    # The script of the label's language with the most letters in the text.
    script = max(
        (name for name in scripts if label in languages[name]),
        key=lambda name: counts[name],
    )
    tag = _MODEL_TAGS.get(label, label)
    if script == "Latin" and tag in _SERBO_CROATIAN and serbian_latin(sample):
        tag = "sr"
    if tag in MULTI_SCRIPT:
        tag = f"{tag}-{SCRIPT_CODES[script]}"
    return Identification(tag, f"py3langid {confidence:.2f}")


def _model_best(identifier, text: str, allowed: frozenset, exclude: tuple):
    """(label, confidence) of the model's best allowed language, or None.

    The confidence is renormalised over the allowed languages; languages the
    model cannot reliably tell apart count as one, and rules (Serbian) or
    the model's best pick the member.
    """
    ranking = [
        (label, score)
        for label, score in identifier.rank(text)
        if label in allowed and label not in exclude
    ]
    total = sum(score for _, score in ranking)
    if not ranking or total <= 0:
        return None
    label = ranking[0][0]
    group = next((g for g in _CLOSE_LANGUAGES if label in g), {label})
    return label, sum(s for name, s in ranking if name in group) / total


def _script_languages(script: str, identifier) -> frozenset:
    """The model's languages written in a script."""
    if script in _MODEL_LANGUAGES:
        return _MODEL_LANGUAGE_SETS[script]
    return frozenset(identifier.labels) - _NOT_LATIN


def _identifier(kept: ModelCache):
    """py3langid's identifier, loaded by the first identification that needs
    it, from the cache folder ``kept`` names (about a second from the
    package; a few tenths from the cache: model_cache.py).

    The identifier is the same wherever it was loaded from (tests/
    test_model_cache.py), so the process keeps the first one: later builds
    in the same process (make regenerate, the tests) use it without
    loading it again. A memo, not a setting: where to load from is always
    the caller's.
    """
    if not _LOADED:
        logger.debug("loading the py3langid model")
        _LOADED.append(load_identifier(kept))
    return _LOADED[0]
