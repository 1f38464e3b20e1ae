"""Fourth round of "when unsure, keep" (chrome.py, headline.py, blocks.py):
lists and details of the article that a rule took for the page's
furniture. Each rule keeps a line only on two signs. The fixtures are
written for these tests in the shape a browser's text dump (w3m) gives.
"""

import pytest
from article_reader.blocks import block_kind
from article_reader.chrome import split_lines, strip_chrome
from article_reader.lines import is_sentence
from article_reader.span import list_after_prose, numbered_headings
from hypothesis import given
from hypothesis import strategies as st

ARTICLE = [
    "The town council voted on Tuesday to replace the old bridge over the river.",
    "Work on the new bridge is to start in spring and take two years, it said.",
    "Until then a ferry paid for by the county will carry people across.",
]


def strip(lines: list[str], recurring: frozenset[str] = frozenset()):
    def recurs(text: str) -> int | None:
        return 5 if text in recurring else None

    return strip_chrome(split_lines("\n\n".join(lines)), recurs)


# -- a sentence's end before a picture's placeholder -----------------------


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("• Stir the sauce until it thickens.[IMG_4021-scaled]", True),
        ("• Add the rice.\u2063[IMG_4022]", True),  # invisible separator first
        ("Simmer for ten minutes.  [pot-lid]", True),
        ("1. [a9f3e2]", False),  # a numbered comment's avatar
        ("Home [icon]", False),
        ("Done. [see more]", False),  # a link's label, not a file name
        ("• Rice [IMG_4023]", False),
    ],
)
def test_a_sentence_ends_before_a_trailing_placeholder(text, sentence):
    assert is_sentence(text) is sentence
    # block kinds read sentences the same way: a step is no short bullet
    assert (block_kind(text) is None) or not sentence


def test_steps_with_pictures_after_the_share_buttons_are_the_articles():
    """A recipe's steps, each followed by its picture's file name, come
    after the print button: they are sentences, not a menu."""
    steps = [
        "• Rinse the rice twice.[IMG_4020]",
        "• Stir the sauce until it thickens.[IMG_4021-scaled]",
        "• Add the rice and the peas.[IMG_4022-scaled]",
        "• Serve hot with lime.[IMG_4023-scaled]",
    ]
    page = [
        "• Home",
        "• Recipes",
        "• About",
        "Rice with peas",
        *ARTICLE,
        "Print",
        "Directions",
        "\n".join(steps),
        "Related",
        "Twitter Facebook Pinterest",
        "© 2021 Example Kitchen. All rights reserved.",
    ]
    kept = strip(page).paragraphs
    assert set(steps) <= set(kept)
    assert "© 2021 Example Kitchen. All rights reserved." not in kept


# -- an announced list is not furniture ----------------------------------


def test_an_announced_list_keeps_items_with_interface_words():
    """Items of a list the text announces with a colon keep their place
    even when they hold a word interface lines use ("network", "feed")."""
    items = [
        "• APP_URL, base address of the service, e.g. http://localhost:7500",
        "• APP_NETWORK, name of the payment network to use, e.g. testnet",
        "• APP_FEED, address of the news feed to read, e.g. /feed.xml",
        "• APP_KEY, the key the app signs its requests with, e.g. a70f",
    ]
    page = [
        "Configuring the service",
        *ARTICLE,
        "Share this article",
        "Environment variables",
        "It is possible to set the address, the network and the keys of the"
        " service through the following environment variables:",
        "\n".join(items),
    ]
    kept = strip(page).paragraphs
    assert set(items) <= set(kept)


def test_a_list_after_a_share_prompt_is_still_removed():
    """ "Share this:" announces buttons, not the article's list."""
    page = [
        "Configuring the service",
        *ARTICLE,
        "Share this:",
        "• Twitter",
        "• Facebook",
        "• Email",
    ]
    kept = strip(page).paragraphs
    assert not {"• Twitter", "• Facebook", "• Email"} & set(kept)


# -- a recurring heading under a photo's caption --------------------------


def test_a_recurring_heading_under_a_caption_is_the_articles():
    """ "Fazit" that many reviews in the tree share, under the kept copy of
    the last picture's caption and over the conclusion, heads a section."""
    caption = "The new bridge seen from the east bank of the river in March"
    conclusion = (
        "All in all, the new bridge is worth the wait, the mayor said, and the"
        " ferry will keep running on weekends until the last lane is open, which"
        " the county expects to happen before the summer of the following year."
    )
    stripped = strip(
        ["New bridge", *ARTICLE, caption, caption, "Fazit", conclusion],
        frozenset({"Fazit"}),
    )
    assert caption in stripped.captions
    assert "Fazit" in stripped.paragraphs
    assert conclusion in stripped.paragraphs


def test_a_recurring_line_after_a_caption_without_prose_is_removed():
    caption = "The new bridge seen from the east bank of the river in March"
    stripped = strip(
        ["New bridge", *ARTICLE, caption, caption, "Politik", "• Sport"],
        frozenset({"Politik"}),
    )
    assert "Politik" not in stripped.paragraphs


# -- the article's details under its headline ------------------------------

# A live report's page: the match's details under the headline, then the
# share button and the site's sections before the report itself.
SECTIONS = ["• Football", "• Tennis", "• Cycling", "• Boxing"]


def report_page(under_headline: list[str]) -> list[str]:
    return [
        "• News",
        "• Sport",
        "• Weather",
        "United win the derby",
        "\n".join(under_headline),
        "Share",
        "\n".join(SECTIONS),
        *ARTICLE,
    ]


@pytest.mark.parametrize(
    "details",
    [
        ["• Premier League", "• 28 September 2020, 18:00", "• Riverside Stadium"],
        ["• By Jane Doe", "• 12.03.2021", "• Politics"],
    ],
)
def test_a_short_dated_list_under_the_headline_is_the_articles(details):
    stripped = strip(report_page(details))
    assert stripped.headline == "United win the derby"
    assert set(details) <= set(stripped.paragraphs)


@pytest.mark.parametrize(
    "items",
    [
        # no date: a menu under the headline
        ["• Premier League", "• Championship", "• Riverside Stadium"],
        # a date, but a long run: a list of teasers or an archive
        [
            "• Premier League",
            "• 28 September 2020, 18:00",
            "• Championship",
            "• League One",
            "• Cup",
        ],
    ],
)
def test_a_menu_under_the_headline_is_still_removed(items):
    stripped = strip(report_page(items))
    assert stripped.headline == "United win the derby"
    assert not set(items) & set(stripped.paragraphs)


# -- a list right after the article's last paragraph ------------------------

CHANNELS = [
    "• Argentina: Sports One, Sports Two and the League's own app",
    "• Chile: Sports One",
    "• Peru: Star Channel",
    "• Spain: League TV",
]


def test_a_list_right_after_the_last_paragraph_is_the_articles():
    """The last paragraph leads into a list whose first item is longer than
    a menu's: its later, shorter items are the article's too."""
    page = [
        "• Home",
        "• Football",
        "• Tennis",
        "Where to watch the final",
        *ARTICLE,
        "The channels showing the final are listed below, country by country.",
        "\n".join(CHANNELS),
        "• Football",
        "• Tennis",
        "• Golf",
    ]
    kept = strip(page).paragraphs
    assert set(CHANNELS) <= set(kept)
    assert "• Golf" not in kept


@pytest.mark.parametrize(
    "between",
    [
        ["Related"],  # a heading of its own: related links
        [],  # no heading, but the first item is a menu's
    ],
)
def test_a_list_with_a_heading_or_short_first_items_is_still_removed(between):
    links = (
        ["• Other stories from the league this week", "• Chile", "• Peru", "• Spain"]
        if between
        else ["• Chile", "• Peru", "• Spain", "• Italy"]
    )
    page = [
        "Where to watch the final",
        *ARTICLE,
        "The channels showing the final are listed below, country by country.",
        *between,
        "\n".join(links),
        "Share",
    ]
    kept = strip(page).paragraphs
    assert not {"• Chile", "• Peru", "• Spain"} & set(kept)


# -- a numbered heading with an interface word ----------------------------

MINUTES = [
    "Minutes of the members' meeting",
    "1. Accounts",
    "The treasurer presented the accounts for last year, which the members approved.",
    "2. New members",
    "Twelve new members joined since spring, most of them from the old town.",
    "3. Newsletter",
    "Anna offered to write the newsletter again from next month on, every quarter.",
]


def test_a_numbered_heading_that_continues_the_numbering_is_kept():
    """ "3. Newsletter" after "2. New members" is the minutes' third item,
    not a newsletter box."""
    kept = strip([*MINUTES, *ARTICLE]).paragraphs
    assert "3. Newsletter" in kept


@pytest.mark.parametrize(
    "line",
    [
        "5. Newsletter",  # the numbering skips: not the next heading
        "Newsletter",  # no number
    ],
)
def test_a_newsletter_line_out_of_the_numbering_is_removed(line):
    kept = strip([*MINUTES[:5], line, *MINUTES[6:], *ARTICLE]).paragraphs
    assert line not in kept


# -- properties --------------------------------------------------------------


WORDS = st.lists(
    st.text(st.characters(categories=("L",)), min_size=1, max_size=8),
    min_size=1,
    max_size=8,
).map(" ".join)
TOKENS = st.text(
    st.characters(categories=("L", "N"), include_characters="_-"),
    min_size=2,
    max_size=20,
)


@given(WORDS, TOKENS)
def test_a_placeholder_after_a_sentence_keeps_it_a_sentence(words, token):
    sentence = words + "."
    assert is_sentence(sentence)
    assert is_sentence(f"{sentence}[{token}]")
    assert is_sentence(f"{sentence} [{token}]")


@given(WORDS, st.sampled_from(["", ":", " 1.", " 12.", ",", " -"]), TOKENS)
def test_a_placeholder_never_makes_a_sentence(words, end, token):
    """Only a word's sentence end counts before a placeholder: not a bare
    number's ("1. [a9f3]", a numbered avatar), nor a colon or a comma."""
    assert not is_sentence(f"{words}{end}[{token}]")
    assert not is_sentence(f"{words}{end} [{token}]")


LINES = st.lists(
    st.one_of(
        WORDS,
        WORDS.map(lambda text: "• " + text),
        st.integers(0, 12).map(lambda n: f"{n}. Newsletter"),
        st.just("The council approved the new budget for the coming year."),
    ),
    max_size=20,
)


@given(LINES, st.sets(st.integers(0, 19)))
def test_numbered_headings_continue_a_kept_number_over_prose(texts, removed):
    reasons = {index: "menu" for index in removed if index < len(texts)}
    for index in numbered_headings(texts, reasons, lambda text: len(text) > 40):
        assert index in reasons
        assert index + 1 < len(texts) and index + 1 not in reasons


@given(LINES, st.sets(st.integers(0, 19)), st.integers(0, 20))
def test_a_list_after_prose_is_one_run_of_bullets(texts, removed, end):
    reasons = {index: "menu" for index in removed if index < len(texts)}
    numbers = [2 * index for index in range(len(texts))]  # blank lines between
    items = list_after_prose(texts, numbers, reasons, end, lambda text: len(text) > 40)
    assert sorted(items) == list(range(end, end + len(items)))
    assert len(items) <= 1  # a blank line ends the list
    assert all(texts[index].startswith("• ") for index in items)
