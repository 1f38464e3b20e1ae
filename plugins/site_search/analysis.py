"""Language analysis: article text -> index terms, the same for every script.

theme/static/js/search.js repeats these rules for queries, so the two must
change together (tests/test_search.py checks them on the same samples).

- Folding: NFKC, lower case; Latin letters lose their diacritics (Vietnamese
  "nhà báo" and "nha bao" meet; "đ" becomes "d"); Arabic-script text loses
  harakat and tatweel, and Uyghur's variant letters are unified.
- Words of spaced scripts (Latin, Arabic, Cyrillic, digits) are terms.
  Where whoosh.lang has a stemmer for an article's language (of ours, only
  English: Whoosh's Porter stemmer), its words are also stemmed at build
  time; the index keeps each surface form as an alias of its stem, so
  queries need no stemmer of their own.
- Chinese, Japanese, Korean, Thai, Lao, Burmese and Khmer runs become
  overlapping character bigrams (a lone character stays a unigram), so
  "공무원" finds "공무원이" and a Burmese word matches inside a phrase
  written without spaces.
- Tibetan is split into syllables at the tsheg and shad.

Data shapes:
    fold(text: str) -> str
    terms(text: str) -> list[str]
    stemmer(lang: str) -> Callable[[str], str] | None
"""

import re
import unicodedata
from collections.abc import Callable

from whoosh.lang import NoStemmer, stemmer_for_language

# One table for all folding after NFKC and lower case: Latin letters with
# marks -> base letter, Arabic harakat and tatweel -> nothing, Uyghur's
# variant letters -> one form. str.translate keeps it fast on long texts.
_FOLDING: dict[int, str | None] = {
    code: unicodedata.normalize("NFD", chr(code))[0]
    for block in (range(0x00C0, 0x0250), range(0x1E00, 0x1F00))
    for code in block
    if chr(code).isalpha()
}
_FOLDING.update({0x0111: "d", 0x0110: "d"})
_FOLDING.update(dict.fromkeys([*range(0x064B, 0x0660), 0x0670, 0x0640]))
_FOLDING.update({0x064A: "\u0649", 0x06CC: "\u0649", 0x0647: "\u06d5"})

WORD_CHARS = "0-9a-z\u00df\u0400-\u04ff\u0600-\u06ff\u0750-\u077f"
BIGRAM_CHARS = (
    "\u0e01-\u0e4e\u0e81-\u0ede\u1000-\u1049\u1050-\u109f\u1780-\u17d3"
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
)
SYLLABLE_CHARS = "\u0f40-\u0fbc"
_TOKEN = re.compile(f"([{WORD_CHARS}]+)|([{BIGRAM_CHARS}]+)|([{SYLLABLE_CHARS}]+)")
_WORD = re.compile(f"[{WORD_CHARS}]+")
# A character of a script written without spaces (export.py shards by it).
UNSPACED_CHAR = re.compile(f"[{BIGRAM_CHARS}{SYLLABLE_CHARS}]")
# Uyghur writes a hamza carrier before a word-initial vowel; readers often
# leave it out when typing.
_LEADING_HAMZA = "\u0626"


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().translate(_FOLDING)


def terms(text: str) -> list[str]:
    folded = fold(text)
    if not UNSPACED_CHAR.search(folded):
        # Only spaced scripts, the common case: the words in one pass in C.
        found = _WORD.findall(folded)
        if _LEADING_HAMZA in folded:
            found = [word.removeprefix(_LEADING_HAMZA) or word for word in found]
        return found
    found = []
    for word, run, syllable in _TOKEN.findall(folded):
        if word:
            found.append(word.removeprefix(_LEADING_HAMZA) or word)
        elif syllable:
            found.append(syllable)
        elif len(run) == 1:
            found.append(run)
        else:
            found += map(str.__add__, run[:-1], run[1:])  # bigrams
    return found


def stemmer(lang: str) -> Callable[[str], str] | None:
    """Whoosh's stemmer for a language tag, or None where it has none.

    English gets the original Porter algorithm, which Whoosh notes is
    several times faster than Snowball's English stemmer.
    """
    code = lang.split("-")[0].lower()
    try:
        return stemmer_for_language("en_porter" if code == "en" else code)
    except NoStemmer:
        return None
