"""The fast forms of the reader's line predicates (line_ends.py and the
checks before blocks.py's searches) equal their plain forms on arbitrary
text: the plain forms are kept here as the reference."""

import re
import sys

import pytest
from article_reader import blocks, interface_lines, lines
from article_reader.line_census import line_digest, line_digests, recording
from article_reader.line_ends import (
    INVISIBLE_CHARS,
    INVISIBLE_TAIL,
    TRAILING_PLACEHOLDER,
    ends_in,
    without_placeholder,
)
from article_reader.lines import split_lines
from hypothesis import given, settings
from hypothesis import strategies as st

# Pieces of lines where the patterns' edges are: sentence ends, closing
# quotes and brackets, placeholders, invisible characters, newlines, and
# the characters IGNORECASE matches beyond ASCII (Kelvin sign, dotless i,
# long s, dotted capital I).
PIECES = [
    *".!?\u3002\uff01\uff1f\u0964\u17d4\u061f\u2026:\uff1a",
    *"'\"\u201d\u2019\u00bb\u300d)]([\uff08\uff09",
    *INVISIBLE_CHARS,
    *" \n\t_1aZ\u00e9\u4e2d\u0e01\u212a\u0131\u0130\u017f\u00a9\u0345\u03a3",
    "[DSC_0518-scaled]",
    "[a9f3]",
    "[...]",
    "(credit)",
    "\uff08\u6c11\u773e\u63d0\u4f9b\uff09",
    "(c) 2021",
    "cookie",
    "COOK\u0130E",
    "Coo",
    "kie",
    "ciastecz",
    "\u041a\u0443\u043a\u0438",
    "Galletas",
    "copyright",
    "All rights reserved",
    "Alle Rechte vorbehalten",
    "derechos reservados",
    "Tous droits r\u00e9serv\u00e9s",
    "wszelkie prawa zastrze\u017cone",
    "\u7248\u6b0a\u6240\u6709",
    "[]",
    "bar = []",
]
LINES = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=12
).map("".join)

# The plain forms, as the reader had them before line_ends.py.
PLAIN_BRACKETS = re.compile(r"\s*[(\uff08][^()\uff08\uff09]{1,40}[)\uff09]$")


def plain_is_sentence(text: str) -> bool:
    text = TRAILING_PLACEHOLDER.sub("", text)
    return bool(lines._TERMINAL.search(PLAIN_BRACKETS.sub("", text)))


def plain_ends_as_sentence(text: str) -> bool:
    return bool(interface_lines._TERMINAL.search(TRAILING_PLACEHOLDER.sub("", text)))


def plain_line_digests(body: str) -> frozenset[bytes]:
    return frozenset(line_digest(line.text) for line in split_lines(body))


def test_invisible_chars_are_the_invisible_tails_class():
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    tail_class = re.compile(INVISIBLE_TAIL.removesuffix("*$"))
    assert "".join(tail_class.findall(every)) == INVISIBLE_CHARS


@pytest.mark.parametrize(
    ("pattern", "pieces"),
    [
        (blocks._COOKIE, blocks._COOKIE_PIECES),
        (blocks._COPYRIGHT, blocks._COPYRIGHT_PIECES),
    ],
)
def test_ignorecase_matches_no_letter_of_a_piece_that_lowers_otherwise(pattern, pieces):
    """Each character IGNORECASE lets stand for a piece's letter has that
    letter as its lower case, so a match's lower case holds the piece."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert pattern.flags & re.IGNORECASE
    for letter in set("".join(pieces)):
        for char in re.findall(re.escape(letter), every, re.IGNORECASE):
            assert char.lower() == letter, (letter, char)


@pytest.mark.parametrize(
    "text",
    [
        "Stir fry to mix well.[DSC_0518-scaled]",
        "Stir fry to mix well.[DSC_0518-scaled]\u200b\n",
        "1. [a9f3]",
        "It ended. [...]",
        "\u2026\u3002\uff08\u6c11\u773e\u63d0\u4f9b\uff09",
        "Zutaten:\u200b",
        "",
    ],
)
def test_examples_agree_with_the_plain_forms(text):
    assert without_placeholder(text) == TRAILING_PLACEHOLDER.sub("", text)
    assert lines.is_sentence(text) == plain_is_sentence(text)


@settings(deadline=None)  # no time limit: the machine may be busy
@given(LINES)
def test_without_placeholder_is_the_patterns_substitution(text):
    assert without_placeholder(text) == TRAILING_PLACEHOLDER.sub("", text)


@settings(deadline=None)
@given(LINES, st.sampled_from([(":", "\uff1a"), ("]",), (".", "!")]))
def test_ends_in_is_the_patterns_answer(text, chars):
    pattern = "[" + re.escape("".join(chars)) + "]" + INVISIBLE_TAIL
    assert ends_in(text, chars) == bool(re.search(pattern, text))


@settings(deadline=None)
@given(LINES)
def test_is_sentence_is_the_plain_form(text):
    assert lines.is_sentence.__wrapped__(text) == plain_is_sentence(text)
    assert lines.is_sentence(text) == plain_is_sentence(text)
    assert interface_lines.ends_as_sentence(text) == plain_ends_as_sentence(text)


@settings(deadline=None)
@given(LINES)
def test_a_match_holds_a_piece_in_lower_case(text):
    lowered = text.lower()
    if blocks._COOKIE.search(text):
        assert any(piece in lowered for piece in blocks._COOKIE_PIECES)
    if blocks._COPYRIGHT.search(text):
        assert any(piece in lowered for piece in blocks._COPYRIGHT_PIECES)
    if blocks._BARE_BUTTON.search(text):
        assert "[]" in text


@settings(deadline=None)
@given(st.lists(LINES, max_size=8).map("\n".join))
def test_line_digests_are_those_of_split_lines(body):
    assert line_digests(body) == plain_line_digests(body)


@settings(deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=12))
def test_recording_answers_as_the_census_and_notes_each_line(texts):
    counts = {line_digest(text): ord(text) % 3 or None for text in "abcd"}
    asked: list[bytes] = []

    def answer(digest: bytes) -> int | None:
        asked.append(digest)
        return counts[digest]

    recurs, answers = recording(answer)
    assert [recurs(text) for text in texts] == [counts[line_digest(t)] for t in texts]
    assert answers == {line_digest(t): counts[line_digest(t)] for t in texts}
    assert list(answers) == [line_digest(t) for t in dict.fromkeys(texts)]
    assert len(asked) == len(set(texts))  # each line's digest made once
