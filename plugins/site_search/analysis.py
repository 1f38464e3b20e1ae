"""Language analysis: article text -> index terms, for any language.

The rules are data in rules.py, which also writes them for the query script
(search/rules.js): tests/test_search_langs.py checks in Chromium that both
sides give the same terms for samples of every script family.

- Folding: NFKC, lower case (Cyrillic, Greek, Armenian, Georgian Mtavruli
  too), final sigma is sigma; Arabic script loses harakat and tatweel, and
  its letter variants meet (Arabic/Farsi yeh, kaf/keheh, heh forms, hamza
  forms: rules.VARIANTS); Latin and Greek letters lose their diacritics
  ("nhà báo" and "nha bao" meet; "đ" becomes "d"); zero-width joiners and
  non-joiners are dropped.
- Words of spaced scripts (letters, marks and digits: rules.word_ranges())
  are terms. A word's exact form keeps its diacritics: for languages
  without a stemmer (Vietnamese) the index also keeps exact forms, so a
  query typed with them ranks "chờ" above "cho".
- Where Snowball has a stemmer for the article's language tag (STEMMERS),
  its words are also stemmed at build time (PyStemmer); the index keeps
  each folded surface form as an alias of its stem, so queries need no
  stemmer. Other tags, "und" included, get no stemming: the script rules
  alone.
- Chinese, Japanese, Korean, Thai, Lao, Burmese and Khmer runs become
  overlapping character bigrams (a lone character stays a unigram), so
  "공무원" finds "공무원이" and a Burmese word matches inside a phrase
  written without spaces.
- Tibetan is split into syllables at the tsheg and shad.

Data shapes:
    fold(text: str) -> str
    terms(text: str) -> list[str]                      what queries get
    tokens(text: str) -> (terms, raw words)            the same terms, and
        for each the prepared text it came from, before folding
    exact_form(raw: str) -> str
    stemmer(lang: str) -> Callable[[str], str] | None
"""

import functools
import re
import unicodedata
from collections.abc import Callable

import Stemmer

from .rules import (
    BIGRAM_RANGES,
    CLUSTER_JOINERS,
    LEADING_HAMZA,
    MARKS,
    PREPARE,
    SYLLABLE_RANGES,
    VARIANTS,
    character_class,
    cluster_mark_ranges,
    word_ranges,
)

# Language subtag (BCP 47, lower case) -> Snowball algorithm. Every
# language Snowball covers except its Porter variants.
STEMMERS = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "eo": "esperanto",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "st": "sesotho",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
# What a stemmer expects of Arabic-script letters its language writes
# differently from the folded form (Persian: Farsi yeh and keheh).
_STEM_INPUT = {
    "persian": str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9"}),
    "arabic": str.maketrans({"\u06cc": "\u064a", "\u06a9": "\u0643"}),
}

_FOLD = {**VARIANTS, **MARKS}


@functools.cache
def _patterns() -> tuple[re.Pattern, ...]:
    """(any token, a spaced word, a character of an unspaced script, a
    mark of one, a character of a run: letter, marks, joined letters)."""
    words = character_class(word_ranges())
    bigrams = character_class(BIGRAM_RANGES)
    syllables = character_class(SYLLABLE_RANGES)
    marks = character_class(cluster_mark_ranges())
    return (
        re.compile(f"([{words}]+)|([{bigrams}]+)|([{syllables}]+)"),
        re.compile(f"[{words}]+"),
        re.compile(f"[{bigrams}{syllables}]"),
        re.compile(f"[{marks}]"),
        re.compile(f"[\\s\\S](?:[{CLUSTER_JOINERS}][^{marks}]|[{marks}])*"),
    )


def _characters(run: str):
    """A run of a bigram script as its characters (see rules.py)."""
    _, _, _, mark, character = _patterns()
    return character.findall(run) if mark.search(run) else run


def unspaced(term: str) -> bool:
    """Whether `term` is of a script written without spaces (export.py
    shards such terms by bucket)."""
    return bool(_patterns()[2].match(term))


def _prepare(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().translate(PREPARE)


def fold(text: str) -> str:
    return _prepare(text).translate(_FOLD)


def exact_form(raw: str) -> str:
    """A word as typed, diacritics kept, letter variants and hamza folded."""
    exact = raw.translate(VARIANTS)
    return exact.removeprefix(LEADING_HAMZA) or exact


def _unhamza(words: list[str]) -> list[str]:
    return [word.removeprefix(LEADING_HAMZA) or word for word in words]


def tokens(text: str) -> tuple[list[str], list[str]]:
    """(terms, raw): raw[i] is the prepared, unfolded text of terms[i]
    (for bigrams and syllables, the term itself)."""
    token, word, unspaced_char, _, _ = _patterns()
    prepared = _prepare(text)
    folded = prepared.translate(_FOLD)
    if not unspaced_char.search(folded):
        # Only spaced scripts, the common case: the words in one pass in C.
        found = word.findall(folded)
        raw = found if folded == prepared else word.findall(prepared)
        if LEADING_HAMZA in folded:
            found = _unhamza(found)
        return found, raw
    found, raw = [], []
    for (term, run, syllable), (raw_word, _, _) in zip(
        token.findall(folded), token.findall(prepared), strict=True
    ):
        if term:
            found.append(term.removeprefix(LEADING_HAMZA) or term)
            raw.append(raw_word)
        elif syllable:
            found.append(syllable)
            raw.append(syllable)
        elif len(chars := _characters(run)) == 1:
            found.append(run)
            raw.append(run)
        else:
            pairs = list(map(str.__add__, chars[:-1], chars[1:]))  # bigrams
            found += pairs
            raw += pairs
    return found, raw


def terms(text: str) -> list[str]:
    return tokens(text)[0]


def stemmer(lang: str) -> Callable[[str], str] | None:
    """Snowball's stemmer for a BCP 47 tag ("pt-BR", "sr-Cyrl"), returning
    folded stems; None for a language Snowball lacks, or "und"."""
    algorithm = STEMMERS.get(lang.replace("_", "-").split("-")[0].lower())
    return _stemmer(algorithm) if algorithm else None


@functools.cache
def _stemmer(algorithm: str) -> Callable[[str], str]:
    stem_word = Stemmer.Stemmer(algorithm).stemWord
    before = _STEM_INPUT.get(algorithm)

    def stem(raw: str) -> str:
        stemmed = stem_word(raw.translate(before) if before else raw)
        folded = stemmed.translate(_FOLD)
        return folded.removeprefix(LEADING_HAMZA) or folded

    return stem
