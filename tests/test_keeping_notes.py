"""Fifth round of "when unsure, keep" (notes.py, trailing.py): lines of the
article a shape rule took for chrome, kept on a second sign, tuned on
held-out quarter C of the real pages. The fixtures are written for these
tests in the shape a browser's text dump (w3m) gives.
"""

import pytest
from article_reader.blocks import SHARE, block_kind
from article_reader.chrome import split_lines, strip_chrome
from article_reader.notes import announcing_headings, cited_references
from hypothesis import given
from hypothesis import strategies as st

ARTICLE = [
    "The library reopened on Monday after two years of building work in the old hall.",
    "Its reading room now has twice as many seats and a lift for wheelchairs [1].",
    "The council paid for most of the work, with help from a national fund [2].",
]
REFERENCES = [
    "[1] http://library.example.org/reopening.html",
    "[2] http://fund.example.org/grants/2020",
]
FOOTER = ["Nach oben", "Impressum | Datenschutz | Kontakt"]


def strip(lines: list[str]):
    return strip_chrome(split_lines("\n".join(lines)), lambda text: None)


# -- references the text cites ----------------------------------------------


def test_references_the_article_cites_are_kept():
    stripped = strip(["Library reopens", *ARTICLE, *REFERENCES, *FOOTER])
    assert all(reference in stripped.paragraphs for reference in REFERENCES)
    assert "Nach oben" not in stripped.paragraphs


def test_numbered_links_the_article_does_not_cite_are_removed():
    uncited = [line.replace(" [1]", "").replace(" [2]", "") for line in ARTICLE]
    stripped = strip(["Library reopens", *uncited, *REFERENCES, *FOOTER])
    assert not set(REFERENCES) & set(stripped.paragraphs)


def test_a_lone_numbered_link_is_no_reference_list():
    stripped = strip(["Library reopens", *ARTICLE, REFERENCES[0], *FOOTER])
    assert REFERENCES[0] not in stripped.paragraphs


@pytest.mark.parametrize(
    ("texts", "reasons", "kept"),
    [
        # numbered one after the other, [2] cited: both kept
        (["Text [2].", "[1] a.example", "[2] b.example"], {1: "x", 2: "x"}, []),
        (
            ["Text [2].", "[1] a.example", "[2] b.example"],
            {
                1: "image placeholder or button ([label])",
                2: "short line after the article's prose",
            },
            [1, 2],
        ),
        # out of order: no run
        (
            ["Text [2].", "[1] a.example", "[3] b.example"],
            {
                1: "image placeholder or button ([label])",
                2: "image placeholder or button ([label])",
            },
            [],
        ),
        # the citing line is itself removed: no sign
        (
            ["Text [2].", "[1] a.example", "[2] b.example"],
            {
                0: "share, follow or comment line",
                1: "image placeholder or button ([label])",
                2: "image placeholder or button ([label])",
            },
            [],
        ),
    ],
)
def test_cited_references_needs_a_run_and_a_citation(texts, reasons, kept):
    assert cited_references(texts, reasons) == kept


# -- a heading over prose is no share line ----------------------------------

PROS = (
    "The design, the seats, the room in the back, the range on electricity alone "
    "and the low consumption on long trips"
)


@pytest.mark.parametrize("heading", ["We like:", "Was uns gefällt:"])
def test_a_heading_with_an_interface_word_over_prose_is_kept(heading):
    assert block_kind(heading) == SHARE  # the first sign, alone
    lines = ["Test drive", *ARTICLE[:1], heading, PROS, "Drawbacks", "A small tank"]
    stripped = strip(lines)
    assert heading in stripped.paragraphs
    assert PROS in stripped.paragraphs


@pytest.mark.parametrize("prompt", ["Share this:", "Teilen mit:"])
def test_a_share_prompt_over_buttons_is_still_removed(prompt):
    lines = ["Test drive", *ARTICLE, prompt, "• Facebook", "• Twitter", "• E-Mail"]
    stripped = strip(lines)
    assert prompt not in stripped.paragraphs
    assert "• Facebook" not in stripped.paragraphs


@given(
    texts=st.lists(
        st.sampled_from(["Share:", "Like:", "• Mail", PROS, "Home"]), max_size=8
    ),
    removed=st.sets(st.integers(0, 7)),
)
def test_announcing_headings_are_share_lines_over_a_kept_line(texts, removed):
    reasons = {index: SHARE for index in removed if index < len(texts)}
    for index in announcing_headings(texts, reasons):
        assert reasons[index] == SHARE
        assert texts[index].endswith(":")
        assert index + 1 not in reasons and texts[index + 1] == PROS


# -- a page in columns: the article's last paragraphs are no trailing block --


def test_the_last_paragraphs_of_a_page_in_columns_are_kept():
    """A sidebar's short lines stand at the left margin; the article's
    paragraphs, to the right of it, are indented deeper. Its last
    paragraphs are the article's, not a block indented under it."""
    column = " " * 40
    sidebar = ["Hotels", "Flights", "Car hire"]
    paragraphs = [
        "Customs: weapons, ammunition and chewing gum may not be brought into the country.",
        "Allowed: one litre each of wine, beer and spirits for your own use, and money.",
        "Expect thorough checks at every border crossing, on the way in and the way out.",
    ]
    lines = [*sidebar, f"{column}Travel tips", *[column + line for line in ARTICLE]]
    lines += ["", f"{column}Customs rules", *[column + line for line in paragraphs]]
    stripped = strip(lines)
    assert all(line in stripped.paragraphs for line in paragraphs)


def test_an_indented_publisher_block_under_the_article_is_still_removed():
    lines = [
        "Library reopens",
        *ARTICLE,
        "    Town Crier",
        "    Town Crier is a newsletter written by volunteers since 1998.",
    ]
    stripped = strip(lines)
    assert stripped.source == "Town Crier"
    assert "Town Crier" not in stripped.paragraphs


@pytest.mark.parametrize("whole_page", [True, False])
def test_a_last_paragraph_set_off_by_a_tab_is_kept(whole_page):
    """An extractor's text may set its last paragraph off by a tab: one
    indented sentence under the article, no name over it, nothing recurring
    and no footer line, is the article's, not a publisher's blurb."""
    last = "\tThe library hopes to open on Sundays too from next spring, she said."
    text = "\n".join(["Library reopens", *ARTICLE, "Sundays next", last])
    stripped = strip_chrome(split_lines(text), lambda line: None, whole_page=whole_page)
    assert last.strip() in stripped.paragraphs


def test_an_indented_sentence_under_a_footer_line_is_still_removed():
    lines = [
        "Library reopens",
        *ARTICLE,
        "    Terms | Privacy | Imprint",
        "    © 2020 Town Crier. This page is paid for by its readers, thank you.",
    ]
    stripped = strip(lines)
    assert not {line.strip() for line in lines[-2:]} & set(stripped.paragraphs)
