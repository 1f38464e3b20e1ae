"""Removals that need a second sign (blocks.py, headline.py): when unsure, keep.

Each rule here once removed article lines of real pages on its own: a short
line before the headline, "cookie" in a sentence, "©" in a picture's credit,
" / " inside a line, "[...]" in a quotation, "[]" in code. The fixtures are
written for these tests in the shape a browser's text dump gives.
"""

from pathlib import Path

import pytest
from article_reader.blocks import (
    BRACKETED,
    BREADCRUMB,
    CONSENT,
    CREDIT,
    FOOTER,
    FORM_FIELD,
    MENU,
    POST_LINK,
    SHARE,
    block_kind,
    classify_lines,
)
from article_reader.chrome import NAVIGATION, split_lines, strip_chrome
from article_reader.lines import is_sentence
from article_reader.span import introduced_lists
from hypothesis import given, settings
from hypothesis import strategies as st

DUMPS = Path(__file__).resolve().parent / "fixtures" / "dumps"

ARTICLE = [
    "Die Gemeinde hat am Dienstag beschlossen, die alte Brücke zu ersetzen.",
    "Der Neubau soll im Frühjahr beginnen und zwei Jahre dauern, sagte sie.",
    "Bis dahin fährt eine Fähre, die der Landkreis bezahlt, über den Fluss.",
]


def strip(lines: list[str]):
    return strip_chrome(split_lines("\n\n".join(lines)), lambda text: None)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        # the second sign is there: still removed by its kind
        ("This site uses cookies. By continuing you agree. OK", CONSENT),
        ("Wir verwenden Cookies, um unsere Website zu verbessern.", CONSENT),
        ("Cookie-Einstellungen", CONSENT),
        ("© 2019 Science Network", FOOTER),
        ("Alle Rechte vorbehalten ©", FOOTER),
        ("Home / News / World / Europe", BREADCRUMB),
        ("Startseite » Blog » Tomaten", BREADCRUMB),
        ("Name [                    ] []", FORM_FIELD),
        ("(*) Search this site", FORM_FIELD),
        ("[*] Remember me", FORM_FIELD),
        ("Geben Sie Ihre Suchbegriffe ein [       ] [] [Suchen]", FORM_FIELD),
        # w3m's links to the neighbouring posts
        ("← Ein Herbst im Garten", POST_LINK),
        ("Nachdenken über den Winter →", POST_LINK),
        ("↓ Zu den Kommentaren", POST_LINK),
        # a picture's credit without a year: a weak kind, not the footer
        ("© Stadtarchiv", CREDIT),
        ("Copyright: Jane Doe", CREDIT),
        # fifth round (held-out quarter C): "this story" in German, "our
        # site" and "we use" in Polish
        ("Diese Geschichte teilen", SHARE),
        ("Odwiedzaj naszej strony. Informujemy, że korzystamy z cookies.", CONSENT),
    ],
)
def test_a_line_with_both_signs_keeps_its_kind(line, kind):
    assert block_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "Why did the cookie go to the hospital?",
        "Don't start baking vitamins into cookies anytime soon, she said firmly.",
        "Ein Abend im Hafen / mit Blick aufs Meer / www.example.org",
        "Anna Beispiel / Pressesprecherin / Quelle: Verband",
        "„Computer sind komplex. [...] Das ist kein Vorwand.“ – eine Kritik",
        "cls.browser = make_browser()",
        "finders.get_finder.cache_clear()",
        "Neu im Sortiment (Bestellung gilt auch für das Herbst © Angebot):",
        "»Einfach kein Geld mehr, um die Miete zu zahlen«",
        "Korzystamy z przepisu babci na ciasteczka, mówi kucharz.",
        "Diese Geschichte beginnt im Jahr 1998 in einem kleinen Dorf.",
    ],
)
def test_a_line_with_one_sign_only_has_no_strong_kind(line):
    assert block_kind(line) in (None, BRACKETED, CREDIT)


def test_code_brackets_are_not_a_form_field_but_w3m_buttons_are():
    assert block_kind("bar = []") != FORM_FIELD
    assert block_kind("[Search Website here.] [] GO") == FORM_FIELD


def test_w3m_star_and_circle_bullets_make_a_menu():
    texts = ["☆ Lokales", "☆ Presse", "☆ Termine", "◎ Region", "★ Umland", "Text."]
    reasons = classify_lines(texts)
    assert [reasons.get(i) for i in range(6)] == [MENU] * 5 + [None]


ADDRESS = [
    "Verein Beispiel e. V.",
    "Anna Beispiel",
    "Musterweg 1",
    "12345 Beispielstadt",
    "Telefon 01234 56789",
]


def test_a_block_of_plain_short_lines_before_the_headline_is_kept():
    # An Impressum's address, a book's details: more lines than navigation
    # has, none of them a bullet or beside a line of a block kind.
    stripped = strip([*ADDRESS, "Impressum des Vereins Beispiel", *ARTICLE])
    assert stripped.headline == "Impressum des Vereins Beispiel"
    assert stripped.paragraphs == [*ADDRESS, *ARTICLE]
    assert not stripped.removed


def test_a_few_plain_short_lines_before_the_headline_are_navigation():
    stripped = strip(["Lokales", "Landkreis", "Neue Brücke für Nordheim", *ARTICLE])
    assert stripped.headline == "Neue Brücke für Nordheim"
    assert stripped.paragraphs == ARTICLE
    assert [line.reason for line in stripped.removed] == [NAVIGATION, NAVIGATION]


def test_bulleted_lines_before_the_headline_are_navigation():
    # two bullets are no menu, but bullets before the headline are navigation
    menu = ["• Nachrichten", "• Sport in der Region"]
    stripped = strip([*menu, "Neue Brücke für Nordheim", *ARTICLE])
    assert stripped.paragraphs == ARTICLE
    assert {line.text for line in stripped.removed} == set(menu)


def test_a_kicker_longer_than_navigation_over_the_headline_is_kept():
    # The real headline over a subtitle the reader takes for the headline:
    # a plain line of more than six words is kept, even when shorter.
    kicker = "Lockdown: Gottesdienste bleiben unter Auflagen möglich"
    subtitle = (
        "Die Verantwortlichen sollen in den Gemeinden als Ansprechpartner da sein"
    )
    stripped = strip(["• Start", "• Presse", "• Termine", kicker, subtitle, *ARTICLE])
    assert stripped.headline == subtitle
    assert kicker in stripped.paragraphs


def test_an_arrow_link_is_never_the_headline():
    stripped = strip(
        [
            "← Ein Herbst im Garten",
            "Der Winter kommt",
            "Nachdenken über den Winter →",
            *ARTICLE,
        ]
    )
    assert stripped.headline == "Der Winter kommt"
    assert stripped.paragraphs == ARTICLE


# Invented words (no interface word, no sentence end) make plain short lines.
_WORD = st.text(alphabet="bcdfghklmnprstvwz", min_size=3, max_size=8).map(
    lambda word: word.capitalize() + "a"
)
_PLAIN_LINE = st.lists(_WORD, min_size=1, max_size=5).map(" ".join)


@settings(deadline=None)  # no time limit: the machine may be busy
@given(st.lists(_PLAIN_LINE, min_size=4, max_size=9, unique=True))
def test_no_line_of_a_long_plain_block_before_the_headline_is_navigation(block):
    headline = "Neue Brücke für Nordheim beschlossen"
    stripped = strip([*block, headline, *ARTICLE])
    assert NAVIGATION not in {line.reason for line in stripped.removed}
    assert all(line in stripped.paragraphs for line in block)


def test_a_year_in_the_prose_after_a_related_heading_does_not_end_the_article():
    # The heading ends the article only with the page's furniture after it:
    # a date on a short line (a teaser's, a comment's), not a year the
    # article's own next paragraph mentions.
    more = [
        "Mehr zum Thema",
        "Die alte Brücke wurde 1953 gebaut und seit 2010 nicht mehr saniert.",
        "Der Gemeinderat hatte die Sanierung schon zweimal verschoben, hieß es.",
    ]
    stripped = strip(["Neue Brücke für Nordheim", *ARTICLE, *more])
    # the heading itself is of its kind; the prose after it stays
    assert stripped.paragraphs == [*ARTICLE, *more[1:]]
    teasers = ["Mehr zum Thema", "12.03.2020", "Ein anderer Artikel über Brücken"]
    stripped = strip(["Neue Brücke für Nordheim", *ARTICLE, *teasers])
    assert stripped.paragraphs == ARTICLE


@pytest.mark.parametrize("tail", ["\u200b", "\u2063", "\u200e", "\ufeff"])
def test_a_line_ends_before_invisible_characters(tail):
    # Pages leave zero-width spaces, invisible separators and marks at the
    # end of lines: a sentence or an announcing colon is read before them.
    assert is_sentence("Der Neubau soll im Frühjahr beginnen." + tail)
    texts = ["Zutaten:" + tail, "• 2 Eier", "• 200 g Mehl", "• eine Prise Salz"]
    assert introduced_lists(texts, classify_lines(texts)) == {1: 0, 2: 0, 3: 0}


def test_w3m_book_review_keeps_its_details_and_drops_the_furniture():
    # A blog's review in a w3m dump (tests/fixtures/dumps): the book's
    # details are a block of plain short lines before the text, under the
    # headline; links to the neighbouring posts carry arrows; a joke about
    # a cookie after the share buttons is the review's own sentence.
    text = (DUMPS / "w3m_book_review.txt").read_text(encoding="utf-8")
    stripped = strip_chrome(split_lines(text), lambda text: None)
    assert stripped.headline == "[Rezension] Die stille Stadt von Anna Beispiel"
    details = ["Seiten: 320", "Verlag: Beispielverlag", "Preis: 22,00 €"]
    assert all(line in stripped.paragraphs for line in details)
    assert stripped.paragraphs[-1].startswith("Why did the cookie go to the doctor?")
    removed = {line.text: line.reason for line in stripped.removed}
    assert removed["Nachdenken über das Lesen →"] == POST_LINK
    assert removed["☆ Sachbücher"] == MENU
    assert "• Twitter" in removed
    assert "© 2021 Leselampe · Impressum · Datenschutz" in removed
