import pytest
from article_reader.names import choose_source, is_name_like


@pytest.mark.parametrize(
    "text",
    [
        "*",
        "•",
        "[ ]",
        "Schließen",
        "%d Bloggern gefällt das:",
        "[piwik]",
        "Nach oben",
        "02.11.2021",
        "12:30",
        "Share this story",
        "Radio Free Asia operates under a grant.",
    ],
)
def test_junk_is_not_a_name(text):
    assert not is_name_like(text)


@pytest.mark.parametrize(
    "text", ["Radio Free Asia", "Mekong Ledger", "Gartenfreunde Nordheide", "한강일보"]
)
def test_names_are_names(text):
    assert is_name_like(text)


def test_metadata_wins_and_junk_gives_no_source():
    assert choose_source({"source": "Ledger"}, "Other").source == "Ledger"
    hostname = choose_source({"hostname": "x.example"}, None)
    assert (hostname.source, hostname.source_from) == ("x.example", "header")
    junk = choose_source({}, "[piwik]")
    assert junk.source is None
    assert "[piwik]" in junk.note
    assert choose_source({}, "Some Radio").source_from == "trailing block"
