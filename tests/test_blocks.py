"""Per-file block kinds of naive page dumps (blocks.py) and their use in chrome.py."""

import unicodedata
from pathlib import Path

import pytest
from article_reader.blocks import (
    AFTER_END,
    BRACKETED,
    BREADCRUMB,
    CONSENT,
    CREDIT,
    END_HEADING,
    FOOTER,
    FORM_FIELD,
    MENU,
    NO_TEXT,
    POST_META,
    SERVER_WARNING,
    SHARE,
    block_kind,
    classify_lines,
)
from article_reader.chrome import split_lines, strip_chrome
from article_reader.interface_lines import (
    is_ui_phrase,
)
from article_reader.lines import (
    size_in_units,
)
from article_reader.span import introduced_lists
from hypothesis import given, settings
from hypothesis import strategies as st

DUMPS = Path(__file__).resolve().parent / "fixtures" / "dumps"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Suchtext [                          ] Suchen", FORM_FIELD),
        ("[ ] Benachrichtige mich über neue Kommentare.", FORM_FIELD),
        ("( ) Keine Ahnung", FORM_FIELD),
        ("[Kommentar abschicken]", BRACKETED),
        (
            "Warning: Cannot modify header information in /www/x/plug.php on line 8",
            SERVER_WARNING,
        ),
        (
            "Notice: Undefined index: id in /var/www/index.php on line 12",
            SERVER_WARNING,
        ),
        ("This site uses cookies. By continuing you agree. OK", CONSENT),
        ("Ta strona używa ciasteczek.", CONSENT),
        ("© 2021 Gartenfreunde Nordheide · Impressum", FOOTER),
        ("Todos los derechos reservados 2019", FOOTER),
        ("Startseite » Blog » Gemüse » Tomaten", BREADCRUMB),
        ("Home > News > World", BREADCRUMB),
        ("Hauptseite | Blog | Registrieren | Login", MENU),
        ("Share this story", SHARE),
        ("Nach oben", SHARE),
        ("Schließen", SHARE),
        ("Skip to content", SHARE),
        ("Suivez-nous sur Facebook", SHARE),
        ("\u2022", NO_TEXT),
        ("* * *", NO_TEXT),
        ("Related", END_HEADING),
        ("Verwandte Links", END_HEADING),
        ("13 Comments", END_HEADING),
        ("Comments are closed.", END_HEADING),
        ("Schreibe einen Kommentar", END_HEADING),
        ("You May Also Like", END_HEADING),
        ("Zobacz również", END_HEADING),
        ("À lire aussi", END_HEADING),
        ("Hinterlasse eine Antwort", END_HEADING),
        ("Foto: dpa/Bernd Weißbrod", CREDIT),
        ("Photograph by Jane Doe", CREDIT),
        ("5 min read", CREDIT),
        ("Lesezeit: ca. 3 Minuten", CREDIT),
        ("This entry was posted in Gardening and tagged tomatoes, autumn.", POST_META),
        ("Dieser Beitrag wurde veröffentlicht in Reiki, Schamanismus.", POST_META),
        ("This site uses Akismet to reduce spam.", POST_META),
        ("Deine E-Mail-Adresse wird nicht veröffentlicht.", POST_META),
        ("Diese Seite wurde zuletzt am 3. Mai 2021 bearbeitet.", POST_META),
    ],
)
def test_block_kind_of_a_line(line, kind):
    assert block_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "The council met on Tuesday evening and voted seven to two.",
        "Zutaten für das Nachreifen:",
        "A headline about the share price",  # a word of the list, in prose
        "Tomaten im Herbst: was jetzt noch zu tun ist",
        "1",
        "Eines Tages we[claddagh_wedding_ring]rde ich sein Symbol tragen, sagte sie.",
        # a teaser inside the article names another story: not a heading
        "Czytaj też: Wyścig zbrojeń ruszył z kopyta",
        "Related parties agreed to meet again in March.",
        "comment = Backups of the old server",  # a configuration file's line
        "Kommentare von Lesern werden geprüft, bevor sie erscheinen.",
        "Foto und Film: zwei Ausstellungen im Herbst",
        "Posted guards stood at the gate all night, the mayor said.",
    ],
)
def test_article_lines_have_no_block_kind(line):
    assert block_kind(line) is None
    assert not is_ui_phrase(line)


def test_a_run_of_short_bullets_is_a_menu_but_two_are_not():
    texts = ["• Gemüse", "• Obst", "• Kräuter", "Text.", "• one", "• two"]
    reasons = classify_lines(texts)
    assert [reasons.get(i) for i in range(6)] == [MENU, MENU, MENU, None, None, None]


@pytest.mark.parametrize(
    ("texts", "items"),
    [
        # a recipe's ingredients, announced by the text
        (
            ["Zutaten:", "• 2 Eier", "• 200 g Mehl", "• eine Prise Salz", "Rühren."],
            {1: 0, 2: 0, 3: 0},
        ),
        (["材料：", "• 雞蛋兩個", "• 麵粉"], {1: 0, 2: 0}),
        # share buttons after "Share this:" are not the article's list
        (["Teilen mit:", "• Twitter", "• Facebook", "• WhatsApp"], {}),
        # no announcing line: a menu
        (["Home", "• News", "• Sport", "• Weather"], {}),
    ],
)
def test_lists_the_text_announces(texts, items):
    assert introduced_lists(texts, classify_lines(texts)) == items


ARTICLE = [
    "Die Gemeinde hat am Dienstag beschlossen, die alte Brücke zu ersetzen.",
    "Der Neubau soll im Frühjahr beginnen und zwei Jahre dauern, sagte sie.",
    "Bis dahin fährt eine Fähre, die der Landkreis bezahlt, über den Fluss.",
]


def test_comments_and_related_links_after_the_article_are_removed():
    text = "\n\n".join(
        [
            "Neue Brücke für Nordheim",
            *ARTICLE,
            "Verwandte Links",
            "Die Fähre fährt ab Montag auch am Wochenende, teilt die Gemeinde mit.",
            "3 Kommentare",
            "Endlich! Ich warte seit Jahren auf diese Brücke, schreibt ein Leser.",
        ]
    )
    stripped = strip_chrome(split_lines(text), lambda text: None)
    assert stripped.paragraphs == ARTICLE
    reasons = {line.text: line.reason for line in stripped.removed}
    assert reasons["Verwandte Links"] == END_HEADING
    assert reasons["3 Kommentare"] == END_HEADING
    # prose after the article's end is a teaser or a comment
    assert (
        reasons["Die Fähre fährt ab Montag auch am Wochenende, teilt die Gemeinde mit."]
        == AFTER_END
    )


def test_a_teaser_heading_early_in_the_article_does_not_end_it():
    # "Mehr zum Thema" before most of the article's prose: a box inside it.
    later = [
        "Die Fähre soll auch nachts fahren, wenn der Landkreis zustimmt, sagte sie.",
        "Der Gemeinderat berät darüber im Herbst, wenn die Zahlen vorliegen.",
    ]
    text = "\n\n".join(
        ["Neue Brücke für Nordheim", ARTICLE[0], "Mehr zum Thema", *ARTICLE[1:], *later]
    )
    stripped = strip_chrome(split_lines(text), lambda text: None)
    assert stripped.paragraphs == [*ARTICLE, *later]


def test_doubled_form_fields_are_not_captions():
    text = "\n\n".join(
        [
            "Neue Brücke für Nordheim",
            *ARTICLE,
            "Kommentar [        ]",
            "[        ]",
            "[        ]",
            "Name * [        ]",
        ]
    )
    stripped = strip_chrome(split_lines(text), lambda text: None)
    assert stripped.captions == []
    assert stripped.paragraphs == ARTICLE


def strip_file(name):
    text = (DUMPS / name).read_text(encoding="utf-8")
    return strip_chrome(split_lines(text), lambda text: None)


def test_w3m_dump_keeps_the_article_and_drops_the_furniture():
    stripped = strip_file("w3m_blog_post.txt")
    kept = "\n".join(stripped.paragraphs)
    assert stripped.headline == "Tomaten im Herbst: was jetzt noch zu tun ist"
    for article in (
        "Wenn die Nächte kühler werden",
        "Zutaten für das Nachreifen:",
        "• eine flache Kiste",  # a list inside the article is the article's
        "• ein reifer Apfel",
        "Der Apfel gibt Ethylen ab",
    ):
        assert article in kept
    for chrome in (
        "Springe direkt zu",
        "Hauptmenü",
        "Suchtext",
        "Startseite »",
        "Teilen mit",
        "WhatsApp",
        "Schreibe einen Kommentar",
        "E-Mail *",
        "Benachrichtige",
        "Cookies",
        "© 2021",
    ):
        assert chrome not in kept, chrome
    # every line not kept is reported with its reason
    reported = {line.text for line in stripped.removed}
    assert "Suchtext [ ] Suchen" in reported


def test_server_warnings_before_the_headline_are_removed():
    stripped = strip_file("php_warnings.txt")
    assert stripped.headline == "A small town votes on its new bridge"
    assert len(stripped.paragraphs) == 2
    reasons = {line.reason for line in stripped.removed}
    assert reasons == {SERVER_WARNING}


def test_an_announced_list_at_the_end_of_the_article_is_kept():
    items = ["– Rituale zur Heilung", "– Astralreisen", "– Kraftplatzarbeit"]
    text = "\n\n".join(
        [
            *["Ein Seminar im August", *ARTICLE, "Aus dem Inhalt:", *items],
            *["Teilen mit:", "• Twitter", "• Facebook", "• WhatsApp"],
        ]
    )
    stripped = strip_chrome(split_lines(text), lambda text: None)
    assert stripped.paragraphs == [*ARTICLE, "Aus dem Inhalt:", *items]


def test_a_list_item_is_never_the_headline():
    text = "\n\n".join(
        ["Was uns unterscheidet:", "• Keine Vorkasse", "• Keine Laufzeiten", *ARTICLE]
    )
    stripped = strip_chrome(split_lines(text), lambda text: None)
    assert stripped.headline == "Was uns unterscheidet:"
    assert stripped.paragraphs == ["• Keine Vorkasse", "• Keine Laufzeiten", *ARTICLE]


def test_a_comments_heading_without_furniture_after_it_does_not_end_the_article():
    # An article's own section that happens to be called "Comments": no
    # form, button, list or date follows it, so the text after it is kept.
    more = [
        "Readers wrote to us about the bridge, and most of them agreed with it.",
        "One said the ferry had been a pleasure, and she would miss it.",
    ]
    text = "\n\n".join(["Neue Brücke für Nordheim", *ARTICLE, "Comments", *more])
    stripped = strip_chrome(split_lines(text), lambda text: None)
    assert stripped.paragraphs[: len(ARTICLE)] == ARTICLE
    assert stripped.paragraphs[-2:] == more


def test_a_further_reading_section_the_text_announces_is_the_article_s():
    # "Mehr zum Thema", then a sentence announcing links: the article's own
    # last section, not a list of related stories.
    links = ["• Die Fähre im Fahrplan des Landkreises", "• Die Pläne der Brücke"]
    text = "\n\n".join(
        [
            "Neue Brücke für Nordheim",
            *ARTICLE,
            "Mehr zum Thema",
            "Die Pläne und den Fahrplan der Fähre finden Sie auf diesen Seiten:",
            *links,
            "Teilen mit:",
            "• Twitter",
            "• Facebook",
        ]
    )
    stripped = strip_chrome(split_lines(text), lambda text: None)
    assert stripped.paragraphs == [
        *ARTICLE,
        "Mehr zum Thema",
        "Die Pläne und den Fahrplan der Fähre finden Sie auf diesen Seiten:",
        *links,
    ]


def test_the_article_s_contact_lines_after_a_weak_sign_of_furniture_are_kept():
    # A press release ends with its contact: "E-Mail" makes the first line
    # look like an interface line, but nothing else around it is furniture.
    contact = ["E-Mail: presse@nordheim.example", "Telefon: 07161 123456"]
    text = "\n\n".join(["Neue Brücke für Nordheim", *ARTICLE, *contact])
    stripped = strip_chrome(split_lines(text), lambda text: None)
    assert stripped.paragraphs == [*ARTICLE, *contact]


def test_furniture_after_the_article_still_starts_at_a_share_line():
    text = "\n\n".join(
        ["Neue Brücke für Nordheim", *ARTICLE, "Share this", "Nordheim", "Weather"]
    )
    stripped = strip_chrome(split_lines(text), lambda text: None)
    assert stripped.paragraphs == ARTICLE


def test_a_recurring_line_of_a_block_kind_is_removed():
    # The comment form's notice recurs in many files of the tree; as a long
    # sentence it is not navigation, but its kind (post metadata) is known.
    notice = "Deine E-Mail-Adresse wird nicht veröffentlicht. Pflichtfelder sind mit * markiert."
    text = "\n\n".join(["Neue Brücke für Nordheim", *ARTICLE, notice, "Name"])
    stripped = strip_chrome(
        split_lines(text), lambda line: 40 if line in (notice, "Name") else None
    )
    assert stripped.paragraphs == ARTICLE
    assert {line.text: line.reason for line in stripped.removed}[notice] == POST_META


def units_letter_by_letter(text: str) -> float:
    """size_in_units by its definition: words, or half the letters (not
    combining marks) of the scripts written without spaces."""
    letters = sum(
        1
        for char in text
        if any(
            low <= char <= high
            for low, high in (
                ("\u0e00", "\u0fff"),
                ("\u1000", "\u109f"),
                ("\u1780", "\u17ff"),
                ("\u3040", "\u30ff"),
                ("\u3400", "\u4dbf"),
                ("\u4e00", "\u9fff"),
            )
        )
        and unicodedata.category(char)[0] != "M"
    )
    return max(len(text.split()), letters / 2)


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("Share this story", 3),
        ("当局拘留了两名僧人", 4.5),
        ("ข่าวล่าสุด", 3.5),  # Thai: the tone and vowel marks are not letters
        ("か\u3099き", 1.0),  # a kana voicing mark is not a letter
        ("", 0),
    ],
)
def test_size_in_units(text, units):
    assert size_in_units(text) == units


@settings(deadline=None)  # no time limit: the machine may be busy
@given(
    st.text(
        alphabet=st.sampled_from(
            [
                *"ab .\u0301\u3099\u309a\u4e00\u3042",
                *map(chr, range(0x0E00, 0x0E80)),  # Thai
                *map(chr, range(0x1000, 0x10A0)),  # Myanmar
                *map(chr, range(0x1780, 0x1800)),  # Khmer
            ]
        ),
        max_size=40,
    )
)
def test_size_in_units_counts_as_defined(text):
    assert size_in_units(text) == units_letter_by_letter(text)
