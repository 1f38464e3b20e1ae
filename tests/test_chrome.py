import pytest
from article_reader.blocks import SHARE
from article_reader.chrome import (
    HEADLINE,
    IMAGE_LABEL,
    NAVIGATION,
    PUBLISHER_BLURB,
    PUBLISHER_NAME,
    REPEATED_CAPTION,
    split_lines,
    strip_chrome,
)
from article_reader.line_census import TreeCensus, line_digests

BODY = [
    "The first paragraph of the article says what happened, and where.",
    "A second paragraph quotes a witness who saw it happen.",
    "The third paragraph gives the background of the story.",
]


def never(text):
    return None


def recurring(*lines):
    """recurs() that treats the given lines as found in 5 files."""
    return lambda text: 5 if text in lines else None


def strip(text, recurs=never, known_title=None):
    return strip_chrome(split_lines(text), recurs, known_title)


def reasons(stripped):
    return {line.text: line.reason for line in stripped.removed}


@pytest.mark.parametrize(
    ("text", "recurs", "headline", "captions", "source", "removed"),
    [
        pytest.param(
            "\n\n".join(
                [
                    "Accessibility links",
                    "Breaking News",
                    "A headline of several words here",
                    *BODY,
                    "  • 16x9 Image",
                    "    Some Radio",
                    "    Some Radio is a broadcaster with a mission.",
                ]
            ),
            never,
            "A headline of several words here",
            [],
            "Some Radio",
            {
                "Accessibility links": NAVIGATION,
                "Breaking News": NAVIGATION,
                "• 16x9 Image": IMAGE_LABEL,
                "Some Radio": PUBLISHER_NAME,
                "Some Radio is a broadcaster with a mission.": PUBLISHER_BLURB,
            },
            id="seed shape, single file: structure alone",
        ),
        pytest.param(
            "\n\n".join(
                [
                    "Skip to content",
                    "Latest",
                    "Short headline",
                    *BODY,
                    "Share this story",
                    "Ledger",
                    "Ledger is an independent newsroom since 2009.",
                ]
            ),
            recurring(
                "Skip to content",
                "Latest",
                "Share this story",
                "Ledger",
                "Ledger is an independent newsroom since 2009.",
            ),
            "Short headline",
            [],
            "Ledger",
            {
                # recurring lines of a block kind are named by their kind
                "Skip to content": SHARE,
                "Latest": "recurs verbatim in 5 files of the tree",
                "Share this story": SHARE,
                "Ledger": PUBLISHER_NAME,
                "Ledger is an independent newsroom since 2009.": PUBLISHER_BLURB,
            },
            id="chrome by recurrence, no indentation",
        ),
        pytest.param(
            "\n\n".join(
                [
                    "Menu",
                    "The headline",
                    "Caption of the photo, Feb. 27\nCaption of the photo, Feb. 27",
                    *BODY,
                ]
            ),
            never,
            "The headline",
            ["Caption of the photo, Feb. 27"],
            None,
            {"Menu": SHARE, "Caption of the photo, Feb. 27": REPEATED_CAPTION},
            id="caption written twice is kept once",
        ),
        pytest.param(
            "\n\n".join(
                [
                    "The headline",
                    BODY[0],
                    "Advertisement",
                    BODY[1],
                    "Photo 2 of 5",
                    BODY[2],
                ]
            ),
            recurring("Advertisement"),
            "The headline",
            [],
            None,
            {
                "Advertisement": "recurs verbatim in 5 files of the tree",
                "Photo 2 of 5": IMAGE_LABEL,
            },
            id="chrome in the middle of the body",
        ),
    ],
)
def test_chrome_shapes(text, recurs, headline, captions, source, removed):
    stripped = strip(text, recurs)
    assert stripped.headline == headline
    assert stripped.captions == captions
    assert stripped.paragraphs == BODY
    assert stripped.source == source
    assert reasons(stripped) == removed


def test_recurring_sentence_in_the_body_is_kept():
    # Agencies reuse background paragraphs: a long sentence is never chrome
    # in the body, however often it recurs.
    text = "\n\n".join(["The headline", BODY[0], BODY[1], BODY[2]])
    stripped = strip(text, recurring(BODY[1]))
    assert stripped.paragraphs == BODY


def test_standfirst_after_the_headline_is_body():
    # A standfirst is body text (a sentence); the headline is the last line
    # before the body that is not (issue 14.3).
    dek = "A standfirst that sums up the story, ending with a full stop."
    text = "\n\n".join(["Menu", "The real headline of the story", dek, *BODY])
    stripped = strip(text)
    assert stripped.headline == "The real headline of the story"
    assert stripped.paragraphs == [dek, *BODY]


def test_known_title_repeated_in_the_text_is_reported():
    text = "\n\n".join(["Nav", "Header Title", *BODY])
    stripped = strip(text, known_title="header title")
    assert stripped.paragraphs == BODY
    assert reasons(stripped) == {"Nav": NAVIGATION, "Header Title": HEADLINE}


def test_known_title_not_in_the_text_keeps_everything():
    stripped = strip("\n\n".join(["Some short line", *BODY]), known_title="Other")
    assert stripped.paragraphs == ["Some short line", *BODY]


@pytest.mark.parametrize(
    ("lines", "headline"),
    [
        (
            [
                "突发新闻",
                "西藏多名僧人因向境外传递消息被拘留",
                "据知情人士透露，拉萨一座寺院的五名僧人上周被当局拘留。",
            ],
            "西藏多名僧人因向境外传递消息被拘留",
        ),
        (
            [
                "ព័ត៌មានថ្មី",
                "អ្នកសារព័ត៌មានម្នាក់ត្រូវបានចាប់ខ្លួននៅខេត្តសៀមរាប",
                "អ្នកសារព័ត៌មានឯករាជ្យម្នាក់ត្រូវបានប៉ូលិសចាប់ខ្លួននៅព្រឹកថ្ងៃច័ន្ទ។",
            ],
            "អ្នកសារព័ត៌មានម្នាក់ត្រូវបានចាប់ខ្លួននៅខេត្តសៀមរាប",
        ),
        (
            [
                "ལྷ་སར་དགོན་པའི་གྲྭ་པ་བཙོན་འཇུག་བྱས་པ།",
                "ལྷ་སའི་དགོན་པ་ཞིག་གི་གྲྭ་པ་ལྔ་ཡན་ཆད་སྲིད་གཞུང་གི་ལས་བྱེད་པས་བཙོན་འཇུག་བྱས། "
                "གནས་ཚུལ་ཤེས་མཁན་ཞིག་གིས་བཤད།",
            ],
            None,
        ),
    ],
)
def test_unspaced_scripts(lines, headline):
    stripped = strip("\n\n".join(lines))
    if headline:
        assert stripped.headline == headline
        assert stripped.paragraphs == lines[-1:]
    else:
        # A Tibetan headline ends with a shad like a sentence: it is short,
        # so it is still taken as the headline, not as body.
        assert stripped.headline == lines[0]
        assert stripped.paragraphs == lines[1:]


def test_census_counts_pages_not_occurrences():
    census = TreeCensus()
    bodies = {"a.txt": "Menu\n\nMenu\n\nText one.", "b.txt": "  Menu  \n\nText two."}
    census.update(
        {
            path: ("key", lambda body=body: line_digests(body))
            for path, body in bodies.items()
        }
    )
    assert census.count("Menu") == 2
    assert census.count("Text one.") == 1
    assert len(census.contributions) == 2


def test_duplicate_article_keeps_its_body():
    # The same article in several files: every line recurs, none is chrome.
    text = "\n\n".join(["The headline", *BODY])
    stripped = strip(text, recurring("The headline", *BODY))
    assert stripped.headline == "The headline"
    assert stripped.paragraphs == BODY


def test_a_short_note_without_prose_keeps_its_lines():
    stripped = strip("Headline words here\n\nThe first paragraph.\n\nThe second.\n")
    assert stripped.headline == "Headline words here"
    assert stripped.paragraphs == ["The first paragraph.", "The second."]


# Headline rules for documents that open with their title (issue 9).
SECTIONS = [
    "Harbour news in brief - 20230823 - Local",
    "Ferry returns after repairs",
    "The harbour ferry returned to service on Monday after two weeks of repairs.",
    "New berth for fishing boats",
    "Work on a second berth for the fishing fleet will start in the spring.",
    "Lighthouse open to visitors",
    "The old lighthouse opens its doors to visitors on the first Sunday of May.",
]


@pytest.mark.parametrize(
    ("lines", "headline", "kept"),
    [
        # the body's own section headings: the first is not the headline
        (SECTIONS, SECTIONS[0], SECTIONS[1:]),
        # an unpunctuated standfirst after a short title
        (
            [
                "Council backs the new bridge",
                "After two years of debate, the council voted to replace the old "
                "bridge, which has been closed to lorries since the floods",
                *BODY,
            ],
            "Council backs the new bridge",
            None,
        ),
        # a Khmer headline ending with "!" and as long as a short paragraph
        (
            [
                "ព័ត៌មានថ្មីៗ​អ្នកនាងបានធ្វើឲ្យមហាជនភ្ញាក់ផ្អើលជាមួយរូបថតថ្មីៗរបស់នាងនៅក្នុងប្រទេសកូរ៉េ!",
                "កាលពីពេលថ្មីៗនេះ តារាសម្ដែងដ៏ល្បីម្នាក់បានចេញមុខជាលើកដំបូងក្រោយពីការលែងលះ"
                "ហើយរូបថតរបស់នាងត្រូវបានចែករំលែកយ៉ាងទូលំទូលាយនៅលើបណ្ដាញសង្គម "
                "ដោយមហាជនជាច្រើនបានសរសើរពីសម្រស់ និងភាពរឹងមាំរបស់នាង។",
                "អ្នកគាំទ្របានសរសេរសារលើកទឹកចិត្តរាប់ពាន់ក្រោយពីរូបថតទាំងនោះត្រូវបានបង្ហោះ។",
            ],
            None,
            None,
        ),
        # page furniture before the headline: the position rule still holds
        (
            ["Accessibility links and help", "Council backs the new bridge", *BODY],
            "Council backs the new bridge",
            BODY,
        ),
    ],
)
def test_headline_of_a_file_that_opens_with_its_title(lines, headline, kept):
    stripped = strip("\n\n".join(lines))
    assert stripped.headline == (headline or lines[0])
    assert stripped.paragraphs == (kept or lines[1:])
