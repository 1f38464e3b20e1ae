"""Per-file block kinds of naive page dumps (blocks.py) and their use in chrome.py."""

from pathlib import Path

import pytest
from article_reader.blocks import (
    BRACKETED,
    BREADCRUMB,
    CONSENT,
    FOOTER,
    FORM_FIELD,
    MENU,
    SERVER_WARNING,
    SHARE,
    block_kind,
    classify_lines,
    is_ui_phrase,
)
from article_reader.chrome import split_lines, strip_chrome

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
    ],
)
def test_article_lines_have_no_block_kind(line):
    assert block_kind(line) is None
    assert not is_ui_phrase(line)


def test_a_run_of_short_bullets_is_a_menu_but_two_are_not():
    texts = ["• Gemüse", "• Obst", "• Kräuter", "Text.", "• one", "• two"]
    reasons = classify_lines(texts)
    assert [reasons.get(i) for i in range(6)] == [MENU, MENU, MENU, None, None, None]


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
