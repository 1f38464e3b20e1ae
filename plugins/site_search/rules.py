"""The text rules and constants both sides of search need, defined once.

analysis.py applies them in Python at build time; script() writes the same
data into search/rules.js, which theme/static/js/search.js loads before
anything else (as Sphinx's SearchLanguage emits its JavaScript splitter).
The query script holds no table of its own.

Steps, both sides (see analysis.py for what each is for):
    text -> NFKC, lower case -> PREPARE (deletions, final sigma)
         -> tokens: runs of WORD ranges (spaced scripts), of BIGRAM ranges
            (scripts written without spaces: bigrams of characters, a
            character being a letter with its marks, CLUSTER_JOINERS
            joining), of SYLLABLE ranges (Tibetan)
    word -> VARIANTS (letter variants, digits) = its exact form
         -> MARKS (diacritics) = its term

Data shapes:
    word_ranges(), cluster_mark_ranges()
        -> tuple[(first, last code point)]             cached
    PREPARE, VARIANTS, MARKS: dict[code point, str]    str.translate tables
    SCORING: dict[str, float]                          see its comments
    script(constants) -> str                           the rules.js text
"""

import functools
import json
import unicodedata

# Scripts written without spaces between words, indexed as overlapping
# character bigrams: Thai, Lao, Burmese, Khmer, Japanese kana, CJK
# ideographs, Hangul. Thai could be split into words by a dictionary
# (PyThaiNLP), but the query script would then need the same dictionary
# (megabytes) to split a query: bigrams match without one.
BIGRAM_RANGES = [
    (0x0E01, 0x0E4E),
    (0x0E81, 0x0EDE),
    (0x1000, 0x1049),
    (0x1050, 0x109F),
    (0x1780, 0x17D3),
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x1100, 0x11FF),
    (0x3130, 0x318F),
    (0xAC00, 0xD7AF),
]
# In those scripts a "character" is a letter with the marks that follow it
# (vowel signs, tone marks, Burmese medials and asat), and a letter after a
# stacking sign (Burmese virama, Khmer coeng) joins the one before it:
# "ကျွန်တော့်" is three characters, not ten code points.
CLUSTER_JOINERS = "\u1039\u17d2"
# Tibetan: split into syllables at the tsheg and shad.
SYLLABLE_RANGES = [(0x0F40, 0x0FBC)]

# Uyghur writes a hamza carrier before a word-initial vowel; readers often
# leave it out when typing.
LEADING_HAMZA = "\u0626"

# Before tokenising: what never separates or distinguishes words. Harakat,
# Quranic marks and tatweel (Arabic script), zero-width joiners and
# non-joiners (a Persian word written with ZWNJ, U+200C, and the same word
# typed without it must meet, as the Snowball Persian stemmer expects),
# soft hyphens; Greek final sigma is sigma. NFKC has composed letters with
# their marks, so what is deleted here is never part of a letter.
PREPARE: dict[int, str] = {
    **dict.fromkeys([*range(0x064B, 0x0660), 0x0670, 0x0640], ""),
    **dict.fromkeys([*range(0x06D6, 0x06DD), *range(0x06DF, 0x06E5)], ""),
    **dict.fromkeys([0x06E7, 0x06E8, *range(0x06EA, 0x06EE)], ""),
    **dict.fromkeys([0x200C, 0x200D, 0x00AD], ""),
    # The dot that lower-casing Turkish "İ" leaves after "i".
    0x0307: "",
    0x03C2: "\u03c3",
}

# A word's exact form: one letter for the variants readers type for it, one
# digit per value. Arabic script: Arabic yeh, Farsi yeh and alef maksura
# (Uyghur's i) are one letter; Arabic kaf and keheh; heh, heh goal, teh
# marbuta and Uyghur's ae; alef with hamza or madda, alef wasla and alef;
# waw with hamza and waw. Arabic-Indic and Persian digits are 0-9.
VARIANTS: dict[int, str] = {
    0x064A: "\u0649",
    0x06CC: "\u0649",
    0x06A9: "\u0643",
    0x0647: "\u06d5",
    0x06C1: "\u06d5",
    0x0629: "\u06d5",
    0x06C0: "\u06d5",
    0x0623: "\u0627",
    0x0625: "\u0627",
    0x0622: "\u0627",
    0x0671: "\u0627",
    0x0624: "\u0648",
    **{0x0660 + n: str(n) for n in range(10)},
    **{0x06F0 + n: str(n) for n in range(10)},
}


def _marks() -> dict[int, str]:
    """Letters with diacritics -> base letter: Latin ("nhà báo" and "nha
    bao" meet), Greek tonos and dialytika, Cyrillic yo; plus the Latin
    letters Unicode does not decompose (đ, ł, ø, ħ, dotless ı). One character for one
    character, so that the exact and folded forms of a text align."""
    table = {
        code: unicodedata.normalize("NFD", chr(code))[0]
        for block in (
            range(0x00C0, 0x0250),
            range(0x1E00, 0x1F00),
            range(0x0370, 0x0400),
            range(0x1F00, 0x2000),
        )
        for code in block
        if chr(code).isalpha() and unicodedata.normalize("NFD", chr(code))[0].isalpha()
    }
    table = {code: base for code, base in table.items() if base != chr(code)}
    table.update({0x0111: "d", 0x0142: "l", 0x00F8: "o", 0x0127: "h", 0x0131: "i"})
    table.update({0x0451: "\u0435"})
    return table


MARKS: dict[int, str] = _marks()

# How queries are scored, in one place (search.js gets this object in
# rules.js; index.py uses the field boosts and BM25 parameters).
SCORING = {
    # BM25 term-frequency saturation and length normalisation.
    "k1": 1.2,
    "b": 0.75,
    # Field boosts against a body match; a title word counts three times.
    "title": 3.0,
    "body": 1.0,
    "source": 1.0,
    # The last word of a query, when no article holds it whole (still being
    # typed), matches longer words that start with it, at this share of a
    # whole-word match.
    "prefix": 0.7,
    # Two query terms found next to each other in the document, in the
    # query's order (a remembered phrase; adjacent character pairs in
    # scripts without spaces): the pair's stored weight (a body pair once is
    # about 10) times its idf times this, added to the terms' scores, so a
    # document with the phrase outranks one where the words are scattered.
    "pair": 2.0,
    # A word typed with its diacritics also found with them (Vietnamese
    # "chờ", not only "cho"): its exact form's score times this, added.
    "exact": 1.0,
    # Added once for each query word a document holds: documents with every
    # word come first (no BM25 sum reaches it).
    "word": 1e6,
    # Added once for each of the query's pairs and exact forms a document
    # holds: within the same words, more of the phrase first (above any
    # BM25 sum of a short query). The price: until a common pair's list is
    # read to its end, any unread article may hold it, so its later chunks
    # are loaded when the first ones do not settle the top results.
    "matched": 1e3,
}


@functools.cache
def cluster_mark_ranges() -> tuple[tuple[int, int], ...]:
    """Combining marks (Unicode category M*) of the bigram scripts."""
    found: list[list[int]] = []
    for first, last in BIGRAM_RANGES:
        for code in range(first, last + 1):
            if unicodedata.category(chr(code))[0] == "M":
                if found and found[-1][1] == code - 1:
                    found[-1][1] = code
                else:
                    found.append([code, code])
    return tuple((first, last) for first, last in found)


@functools.cache
def word_ranges() -> tuple[tuple[int, int], ...]:
    """Letters, marks and digits of the Basic Multilingual Plane outside the
    bigram and syllable scripts: the characters of spaced words (Latin,
    Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic, Indic, Ethiopic...).
    Unassigned code points between two ranges join them, which keeps the
    list short (rules.js carries it)."""
    unspaced = {
        code
        for first, last in BIGRAM_RANGES + SYLLABLE_RANGES
        for code in range(first, last + 1)
    }
    found: list[list[int]] = []
    last_word = -2
    for code in range(0x30, 0x10000):
        category = unicodedata.category(chr(code))
        if category == "Cn":
            continue
        if category[0] in "LMN" and code not in unspaced:
            if found and all(
                unicodedata.category(chr(gap)) == "Cn"
                for gap in range(last_word + 1, code)
            ):
                found[-1][1] = code
            else:
                found.append([code, code])
            last_word = code
    return tuple((first, last) for first, last in found)


def character_class(ranges) -> str:
    """A regular expression character class body, the same in Python and
    JavaScript (BMP code points as \\uXXXX escapes)."""
    return "".join(
        f"\\u{first:04x}" + (f"-\\u{last:04x}" if last > first else "")
        for first, last in ranges
    )


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _flat_ranges(ranges) -> list[int]:
    """[gap from the previous range's end, length - 1, ...]: small numbers."""
    flat, previous = [], 0
    for first, last in ranges:
        flat += [first - previous, last - first]
        previous = last
    return flat


def _table(table: dict[int, str]) -> dict:
    """A translate table for JS: {"from": code point ranges as
    _flat_ranges() gives them, "to": one character per code point of the
    ranges in order, NUL to delete}. Ranges, not characters, because the
    letters with diacritics come in runs: this keeps rules.js small."""
    ranges: list[list[int]] = []
    for code in sorted(table):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return {
        "from": _flat_ranges(ranges),
        "to": "".join(table[code] or "\0" for code in sorted(table)),
    }


def _applied_after_lowering(table: dict[int, str]) -> dict[int, str]:
    """The entries of a table only ever applied to lower-cased text (both
    sides lower-case first): a letter that lowering changes never meets it.
    Half of MARKS: rules.js carries the other half."""
    return {code: to for code, to in table.items() if chr(code).lower() == chr(code)}


def script(constants: dict) -> str:
    """search/rules.js: every rule above, and `constants` from the export
    (shard and bucket counts), for search.js."""
    rules = {
        "word": _flat_ranges(word_ranges()),
        "bigram": _flat_ranges(BIGRAM_RANGES),
        "cluster_marks": _flat_ranges(cluster_mark_ranges()),
        "cluster_joiners": CLUSTER_JOINERS,
        "syllable": _flat_ranges(SYLLABLE_RANGES),
        "prepare": _table(PREPARE),
        "variants": _table(VARIANTS),
        "marks": _table(_applied_after_lowering(MARKS)),
        "hamza": LEADING_HAMZA,
        "scoring": SCORING,
        **constants,
    }
    text = _json(rules).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return (
        "/* Generated by plugins/site_search/rules.py: edit the rules there. */\n"
        f"SamizdatSearch.rules({text});\n"
    )
