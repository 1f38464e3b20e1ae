"""Lines that link to other pages (link_lines.py): teasers for other stories
and lists of tags, removed on two signs each wherever they stand, without
moving the article's boundaries. Tuned on held-out quarter C of the real
pages; the fixtures are written for these tests in a text dump's shape.
"""

import pytest
from article_reader.blocks import END_HEADING, block_kind
from article_reader.chrome import split_lines, strip_chrome
from article_reader.link_lines import TEASER, tag_lines, teaser_links
from hypothesis import given
from hypothesis import strategies as st

ARTICLE = [
    "Die Gemeinde hat am Dienstag nach langer Debatte beschlossen, die alte Brücke "
    "über den Fluss abzureißen und durch einen Neubau zu ersetzen.",
    "Der Neubau soll im kommenden Frühjahr beginnen und etwa zwei Jahre dauern, "
    "sagte die Bürgermeisterin nach der Sitzung im Rathaus.",
    "Bis dahin fährt eine kleine Fähre, die der Landkreis bezahlt, jede halbe "
    "Stunde zwischen den beiden Ufern über den Fluss.",
]


def strip(lines: list[str]):
    return strip_chrome(split_lines("\n\n".join(lines)), lambda text: None)


@pytest.mark.parametrize(
    "teaser",
    [
        "Lesen Sie auch: Wie die alte Fähre vor hundert Jahren fuhr",
        "Czytaj też: Nowy most nad rzeką za dwa lata",
        "À lire aussi » Le pont de la ville ferme pour travaux",
        "Related: Council approves the budget for next year",
        "• Weiterlesen »Brücken im Landkreis – eine Übersicht",
    ],
)
def test_a_teaser_between_paragraphs_is_removed_and_the_article_goes_on(teaser):
    stripped = strip(["Neue Brücke", ARTICLE[0], teaser, *ARTICLE[1:]])
    assert teaser not in stripped.paragraphs
    assert {line.reason for line in stripped.removed if line.text == teaser} == {TEASER}
    assert all(line in stripped.paragraphs for line in ARTICLE)


@pytest.mark.parametrize(
    "line",
    [
        "Read more about the bridge in the council's plan, which was published today.",
        "Lesen Sie auch die Stellungnahme des Landrats im Amtsblatt nach.",
        "Mehr zum Thema Brückenbau steht im Bericht des Landkreises",
    ],
)
def test_a_line_that_begins_like_a_teaser_without_a_separator_is_kept(line):
    stripped = strip(["Neue Brücke", ARTICLE[0], line, *ARTICLE[1:]])
    assert line in stripped.paragraphs


@pytest.mark.parametrize(
    "tags",
    [
        "Tags: Brücke, Fähre, Landkreis",
        "Schlagwörter: Verkehr",
        "Schlagworte zum Thema: Brücke, Fluss",
        "Kategorien: Lokales",
        "Themen: Verkehr, Bauen, Landkreis",
        "Tags brücke, fähre, fluss",
    ],
)
def test_a_list_of_tags_under_the_article_is_removed(tags):
    stripped = strip(["Neue Brücke", *ARTICLE, tags])
    assert tags not in stripped.paragraphs
    assert tag_lines([tags], {}) == [0]  # whatever other rule may claim it first


@pytest.mark.parametrize(
    "line",
    [
        "Thema: Brückenfest mit Musik am Fluss",  # one topic, no list
        "Kategorie: Kinder- und Jugendbuch",
        "Tag der Eröffnung: Die Fähre fährt zum letzten Mal",  # a heading
        "Tagesordnung: Brücke, Fähre, Haushalt",
        "Thema der Sitzung war die Brücke, sagte der Bürgermeister, und sonst nichts.",
    ],
)
def test_a_line_that_only_looks_like_tags_is_kept(line):
    stripped = strip(["Neue Brücke", *ARTICLE, line, ARTICLE[0] + " Nachtrag."])
    assert line in stripped.paragraphs


_LINES = st.lists(
    st.text(alphabet=st.sampled_from("Tags:Lesen Sie auch»,. abc\n"), max_size=40),
    max_size=6,
)


@given(texts=_LINES, removed=st.sets(st.integers(0, 5)))
def test_link_lines_are_only_lines_no_rule_claimed(texts, removed):
    reasons = {index: "x" for index in removed}
    for index in [*teaser_links(texts, reasons), *tag_lines(texts, reasons)]:
        assert 0 <= index < len(texts)
        assert index not in reasons


@pytest.mark.parametrize(
    "heading",
    [
        "Latest articles",
        "Empfohlen für dich",
        "Das könnte dir auch gefallen",
        "Weitere Pressemitteilungen dieses Verbands",
    ],
)
def test_more_headings_of_related_links_end_the_article(heading):
    assert block_kind(heading) == END_HEADING
    teasers = ["• 10.08.2022 Fähre fährt länger", "• 04.08.2022 Brückenfest am Fluss"]
    stripped = strip(["Neue Brücke", *ARTICLE, heading, *teasers])
    assert all(line in stripped.paragraphs for line in ARTICLE)
    assert not {heading, *teasers} & set(stripped.paragraphs)
