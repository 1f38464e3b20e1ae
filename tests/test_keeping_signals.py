"""Third round of "when unsure, keep" (chrome.py, span.py): lines of the
article that a rule removed on its first sign alone, now kept unless a
second sign confirms. The fixtures are written for these tests in the shape
a browser's text dump gives.
"""

import pytest
from article_reader.chrome import split_lines, strip_chrome

ARTICLE = [
    "Die Gemeinde hat am Dienstag beschlossen, die alte Brücke zu ersetzen.",
    "Der Neubau soll im Frühjahr beginnen und zwei Jahre dauern, sagte sie.",
    "Bis dahin fährt eine Fähre, die der Landkreis bezahlt, über den Fluss.",
]
CONCLUSION = "Die Anwohner begrüßen den Plan, auch wenn die Bauzeit lang ist, sagte er."


def strip(lines: list[str], recurring: frozenset[str] = frozenset()):
    def recurs(text: str) -> int | None:
        return 5 if text in recurring else None

    return strip_chrome(split_lines("\n\n".join(lines)), recurs)


@pytest.mark.parametrize("heading", ["Fazit", "Zubereitung", "Background"])
def test_a_recurring_heading_between_paragraphs_is_the_articles(heading):
    """ "Fazit" heads a section in many articles of a tree of many sites."""
    stripped = strip(
        ["Neue Brücke", *ARTICLE, heading, CONCLUSION], frozenset({heading})
    )
    assert heading in stripped.paragraphs
    assert CONCLUSION in stripped.paragraphs


@pytest.mark.parametrize(
    ("lines", "recurring"),
    [
        # a run of recurring lines is navigation
        ([*ARTICLE, "Politik", "Sport", CONCLUSION], {"Politik", "Sport"}),
        # a tags heading is followed by its tags, not by prose
        ([*ARTICLE, "Schlagworte", "• Brücken", CONCLUSION], {"Schlagworte"}),
        # a recurring tag is a bullet, not a heading
        ([*ARTICLE, "• Brücken", CONCLUSION], {"• Brücken"}),
    ],
)
def test_recurring_lines_without_a_headings_place_are_removed(lines, recurring):
    stripped = strip(["Neue Brücke", *lines], frozenset(recurring))
    assert not set(recurring) & set(stripped.paragraphs)
    assert CONCLUSION in stripped.paragraphs


@pytest.mark.parametrize("label", ["Advertisement", "Anzeige", "WERBUNG"])
def test_a_recurring_ad_label_between_paragraphs_is_removed(label):
    stripped = strip(["Neue Brücke", *ARTICLE, label, CONCLUSION], frozenset({label}))
    assert label not in stripped.paragraphs
    assert CONCLUSION in stripped.paragraphs


def test_the_headline_stands_over_the_byline_not_under_it():
    """A short headline, then the byline, then the reading time: the
    reading time under the byline is not the headline."""
    stripped = strip(
        [
            "RSS Link",
            "Managing Garden Tools",
            "By Jane Doe - January 10, 2020",
            "21 minutes - 4312 words",
            *ARTICLE,
        ]
    )
    assert stripped.headline == "Managing Garden Tools"


def test_without_a_byline_the_last_short_line_is_still_the_headline():
    stripped = strip(["Startseite", "Neue Brücke über den Fluss", *ARTICLE])
    assert stripped.headline == "Neue Brücke über den Fluss"


@pytest.mark.parametrize("dateline", ["October 22, 2019 report", "7. Juli 2020"])
def test_a_dateline_before_the_headline_is_kept(dateline):
    stripped = strip(["Startseite", dateline, "Neue Brücke über den Fluss", *ARTICLE])
    assert stripped.headline == "Neue Brücke über den Fluss"
    assert dateline in stripped.paragraphs
    assert "Startseite" not in stripped.paragraphs


def test_a_bulleted_line_with_a_year_before_the_headline_is_navigation():
    stripped = strip(["• Archiv 2020", "• Kontakt", "Neue Brücke", *ARTICLE])
    assert "• Archiv 2020" not in stripped.paragraphs


@pytest.mark.parametrize(
    "signature", ["Autor: Jana Beispiel, Gärtnerin", "By Jane Doe (guest post)"]
)
def test_the_authors_signature_after_the_share_buttons_is_kept(signature):
    stripped = strip(["Neue Brücke", *ARTICLE, "Teilen mit:", signature, "Facebook"])
    assert signature in stripped.paragraphs
    assert "Facebook" not in stripped.paragraphs
