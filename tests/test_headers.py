import pytest
from article_reader.headers import split_header

PELICAN = (
    "Title: A headline: with a colon\nDate: 2026-10-02\nLang: en\n\nFirst paragraph.\n"
)
FRONT_MATTER = (
    "---\ntitle: Phóng viên bị hành hung\nauthor: Lê Minh\nurl: https://x.example/a\n"
    "hostname: x.example\nsitename: Mekong Ledger\ndate: 2026-10-11\n"
    "fingerprint: abc\nlanguage: vi\n---\nĐoạn đầu tiên.\nĐoạn thứ hai.\n"
)


@pytest.mark.parametrize(
    ("text", "shape", "fields", "body_start"),
    [
        (
            PELICAN,
            "pelican",
            {"title": "A headline: with a colon", "date": "2026-10-02", "lang": "en"},
            "\nFirst paragraph.",
        ),
        (
            FRONT_MATTER,
            "front-matter",
            {
                "title": "Phóng viên bị hành hung",
                "author": "Lê Minh",
                "url": "https://x.example/a",
                "hostname": "x.example",
                "source": "Mekong Ledger",
                "date": "2026-10-11",
                "lang": "vi",
            },
            "Đoạn đầu tiên.",
        ),
        (
            "Accessibility links\n\nBreaking News\n\nHeadline\n",
            "bare",
            {},
            "Accessibility links",
        ),
        # A body line shaped like a header line is not a header.
        ("Update: the toll rose to 12.\n\nMore text.\n", "bare", {}, "Update:"),
        # Fenced front matter naming nothing the reader uses: no fields.
        ("---\nfoo: bar\n---\nText.\n", "front-matter", {}, "Text."),
    ],
)
def test_split_header(text, shape, fields, body_start):
    header = split_header(text)
    assert header.shape == shape
    assert header.fields == fields
    assert header.body.startswith(body_start)


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        pytest.param(
            "---\ntitle: Breaking: floods\ntags: ['flood', 'weather']\n---\nText.\n",
            {"title": "Breaking: floods", "tags": ["flood", "weather"]},
            id="trafilatura: unquoted colon, Python-style list",
        ),
        pytest.param(
            '---\ntitle: "Quoted: title"\ntags:\n  - one\n  - two words\n'
            "categories: [news]\ndate: 2021-03-04\n---\nText.\n",
            {
                "title": "Quoted: title",
                "tags": ["one", "two words"],
                "category": ["news"],
                "date": "2021-03-04",
            },
            id="Jekyll: quoted value, YAML list, flow list",
        ),
        pytest.param(
            "---\ntitle: No #1 and yes\nsummary: >\n  A folded\n  lede.\n---\nText.\n",
            {"title": "No #1 and yes", "summary": "A folded lede."},
            id="plain scalars keep their text; block scalars read by YAML",
        ),
        pytest.param(
            '+++\ntitle = "Hugo page"\ndate = 2021-03-04\ntags = ["a", "b"]\n'
            "+++\nText.\n",
            {"title": "Hugo page", "date": "2021-03-04", "tags": ["a", "b"]},
            id="Hugo TOML",
        ),
        pytest.param(
            "Title: Pelican\nTags: x, y\nDate: October 2026\n\nText.\n",
            {"title": "Pelican", "tags": "x, y", "date": "October 2026"},
            id="Pelican header: values as written",
        ),
    ],
)
def test_header_values(text, fields):
    header = split_header(text)
    assert header.fields == fields
    assert header.body.strip() == "Text."
    assert header.problems == []


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: One\nauthor: Two\nthis line is no key\n---\nText.\n",
        '+++\ntitle = "unclosed\n+++\nText.\n',
    ],
)
def test_unreadable_front_matter_is_a_problem_not_text(text):
    header = split_header(text)
    assert header.problems, header
    assert "title" not in header.body
    assert header.body.strip() == "Text."


def test_a_file_opening_with_a_rule_is_text_with_a_note():
    text = "---\nA line of the article, not a header at all.\n---\nMore.\n"
    header = split_header(text)
    assert header.shape == "bare"
    assert header.body == text
    assert header.problems


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: X\ndate: 0000-00-00\n---\nbody\n",  # year 0: no datetime
        "---\ntitle: X\ndate: 2024-13-45\n---\nbody\n",
        "+++\ntitle = 'X'\ndate = 0000-00-00\n+++\nbody\n",
    ],
)
def test_impossible_dates_in_front_matter_stay_text(text):
    """The YAML/TOML parsers never build dates: dates.py parses and bounds
    them, so a date no datetime holds cannot stop the build here."""
    header = split_header(text)
    assert header.shape == "front-matter"
    assert isinstance(header.fields.get("date", ""), str)
