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
        # Front matter that names nothing the reader uses is body text.
        ("---\nfoo: bar\n---\nText.\n", "bare", {}, "---"),
    ],
)
def test_split_header(text, shape, fields, body_start):
    header = split_header(text)
    assert header.shape == shape
    assert header.fields == fields
    assert header.body.startswith(body_start)
