"""A hostile-input corpus: every field of every input shape x payload families.

An attacker who controls one file of a scrape controls its name, its folder,
its shape and every field in it. This module writes such files:

    PAYLOADS            family -> payload strings (markup, template syntax,
                        Markdown, bidi, control characters, path syntax,
                        huge values, names of the site's own pages, dates)
    FIELDS              every header field the reader knows, plus the keys
                        Pelican would obey (save_as, url, template, status)
                        and one it does not know
    render(shape, fields, body) -> str       one file of a given shape
    exhaustive_tree(families) -> {path: str|bytes}  every (shape, field, family)
    file_name(payload, index) -> str         a file name made from a payload
    plant_outside(content, outside)          links out of the tree, a loop,
                                             a FIFO, a secret outside
    good_articles() -> {path: text}          articles that must be published
    MARKERS                                  strings that must never appear
                                             in the output, each with why

Used by test_hostile_property.py (Hypothesis draws from the same tables).
"""

import os
import re
from pathlib import Path

from conftest import SEED

SHAPES = ("bare", "pelican", "front-matter")

# Every key the reader maps (headers.FIELD_ALIASES), the keys Pelican's own
# readers obey, and an unknown one.
FIELDS = (
    "title",
    "date",
    "lang",
    "language",
    "author",
    "authors",
    "source",
    "sitename",
    "publisher",
    "hostname",
    "url",
    "slug",
    "category",
    "categories",
    "tags",
    "summary",
    "description",
    "save_as",
    "url_as",
    "template",
    "status",
    "x-evil",
)

SECRET = "UNTRUSTED-SECRET-7f3a9c"  # planted outside INPUTDIR
TEMPLATE_PRODUCT = "1787569"  # what {{ 1337*1337 }} would render as

PAYLOADS = {
    "markup": (
        '<script>alert("x")</script>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        "<img src=x onerror=alert(1)>",
        '"><svg onload=alert(1)>',
        "<a href='javascript:alert(1)'>click</a>",
        "</title></head><body><iframe src=//evil.example>",
        "<!-- <base href=https://evil.example/>",
        "&lt;b&gt; &amp;amp; &#x3c;i&#x3e;",
    ),
    "template": (
        "{{ 1337*1337 }}",
        "{% include '/etc/passwd' %}",
        "{{ SITEURL }}{{ config }}",
        "{# comment #}${1337*1337}",
    ),
    "markdown": (
        "[click](https://evil.example/)",
        "![pixel](https://evil.example/p.png)",
        "**bold** _em_ `code`",
        "# Heading\n\n> quote",
        "<https://evil.example/>",
    ),
    "bidi": (
        "Radio \u202eFree\u202c Asia",
        "\u2066evil\u2069\u2067txt.exe\u2069",
        "R\u200bF\u2060A\ufeff",
        "tag\U000e0041\U000e0042",
        "\u3164",
    ),
    "control": (
        "bell\x07 escape\x1b[31m nul\x00",
        "carriage\rreturn",
        "line\u2028separator\u2029",
        "\x7f\x85\x9f",
    ),
    "path": (
        "../../../etc/passwd",
        "/etc/passwd",
        "..",
        "C:\\Windows\\win.ini",
        "index.html",
        "%2e%2e%2fsecret",
        "pages/verify.html",
    ),
    "huge": ("A" * 7000, "word " * 1500, "-" * 400),
    "names": (
        "index",
        "index-p1",
        "search",
        "404",
        "archive",
        "source",
        "verify",
        "pages",
        "con",
    ),
    # Publisher names that must get distinct source pages (site_pages).
    "source names": (
        "Index",
        "INDEX",
        "Radio Free Asia",
        "RADIO FREE ASIA",
        "新聞.com",
        "新聞.net",
        "S" * 80 + " one",
        "S" * 80 + " two",
    ),
    "dates": (
        "9999-12-31T23:59:59-05:00",
        "2024-01-01T00:00:00 UTC+25",
        "0000-00-00",
        "2100-01-01",
        "October 2026",
        "-1",
        "1e400",
    ),
}
FAMILIES = tuple(PAYLOADS)

# Folders a hostile file may sit in (language folders, the site's own).
FOLDERS = ("", "pages/", "ko/", "zh-Hant/", "index/", "search/", "theme/", "en/")

MARKERS = {
    SECRET: "a file outside INPUTDIR was read",
    TEMPLATE_PRODUCT: "template syntax from an input was evaluated",
    "root:x:0:0": "/etc/passwd was read",
}

_NOT_IN_NAME = re.compile(r"[/\x00]")


def render(shape: str, fields: dict[str, str], body: list[str]) -> str:
    """One article file: ``fields`` as the shape's header, then ``body``."""
    text = "\n\n".join(body) + "\n"
    if shape == "bare":
        return "\n\n".join([*fields.values(), text])
    lines = "".join(f"{key}: {value}\n" for key, value in fields.items())
    if shape == "pelican":
        return f"{lines}\n{text}"
    return f"---\n{lines}---\n{text}"


def file_name(payload: str, index: int) -> str:
    """A file name made from a payload (no "/" or NUL: the OS forbids them)."""
    stem = _NOT_IN_NAME.sub("_", payload)[:100] or "_"
    if stem in (".", ".."):
        stem = f"dots{stem}"
    return f"{stem}_{index}.txt"


def exhaustive_tree(families=FAMILIES) -> dict[str, str | bytes]:
    """One file per (shape, field, family), the family's payloads in the field.

    The body repeats the payloads, so the same strings also reach the text.
    File names and folders are made from payloads too.
    """
    files: dict[str, str | bytes] = {}
    index = 0
    for shape in SHAPES:
        for field in FIELDS:
            for family in families:
                payloads = PAYLOADS[family]
                fields = {"title": f"Hostile {shape} {field} {family}"}
                fields[field] = payloads[index % len(payloads)]
                name = file_name(payloads[(index + 1) % len(payloads)], index)
                folder = FOLDERS[index % len(FOLDERS)]
                # Numbered, so the lines do not recur across files as chrome.
                body = [f"{payload} ({index})" for payload in payloads]
                files[folder + name] = render(shape, fields, body)
                index += 1
    files[os.fsdecode(b"bad-\xff\xfe-name.txt")] = render(
        "pelican", {"title": "Not UTF-8 name"}, ["body"]
    )
    return files


def good_articles() -> dict[str, str | bytes]:
    """Articles that must be published whatever lies beside them."""
    return {
        "000_aa6dc9448e70a7df.txt": SEED.read_bytes(),  # bare, caption, source
        "good/001_0123456789abcdef.txt": (
            "Title: Harvest report from the delta\nDate: 2026-10-01\nLang: en\n"
            "Source: Mekong Ledger\n\nGOOD-ARTICLE-ONE rice farmers counted "
            "their sacks.\n\nGOOD-ARTICLE-ONE a second paragraph for the record.\n"
        ),
        "good/002_fedcba9876543210.txt": (
            "---\ntitle: 장마당 단속 소식\ndate: 2026-10-02\nlang: ko\n---\n"
            "GOOD-ARTICLE-TWO 북한 당국이 장마당 단속을 시작했다.\n"
        ),
    }


def plant_outside(content: Path, outside: Path) -> None:
    """A secret and an article outside INPUTDIR, reached only through links."""
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.key").write_text(f"untrusted comment: {SECRET}\n")
    (outside / "article.txt").write_text(f"Title: {SECRET}\n\n{SECRET} body.\n")
    content.mkdir(parents=True, exist_ok=True)
    links = {
        "signing.txt": outside / "secret.key",
        "elsewhere": outside,
        "loop": Path("."),
        "loop-too": Path("."),
        "zero.txt": Path("/dev/zero"),
        "passwd.txt": Path("/etc/passwd"),
    }
    for name, target in links.items():
        (content / name).symlink_to(target)
    os.mkfifo(content / "pipe.txt")
