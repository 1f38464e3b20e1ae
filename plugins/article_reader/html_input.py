"""HTML bytes -> the (header fields, body text) shape the text reader uses.

The main text and the metadata come from trafilatura; this module decodes
the bytes (declared charset first, as browsers do), hands the parsed tree to
trafilatura, and maps what it finds onto the reader's field vocabulary
(headers.FIELD_ALIASES), so chrome census, language, slugs and the report
treat an HTML page like any text file. Nothing of the page's markup survives:
the body is plain text, one paragraph per line. Two things are added to the
extractor's own work: the page's lead paragraph when the extractor dropped
it as a teaser (found by the page's meta description), and the verdict
"index page" for a page whose text is mostly the text of its links.

Data shapes:
    ExtractOptions: trafilatura's settings, as measured (see README)
    extract_page(data: bytes, *, url: str | None, declared_charset: str | None,
                 max_date: date, options: ExtractOptions) -> Extracted
        raises NotAnArticle(reason) for pages with no article (index pages,
        no text) and decoding.UnreadableFile for bytes that are not HTML.
    Extracted: fields (dict[str, str]: title, date, author, source, hostname,
        url, lang, summary, category, tags), body (str), problems (list[str]),
        lead_image (absolute URL or None), lead_image_caption (str)
"""

import codecs
import functools
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .decoding import BINARY_SIGNATURES, UnreadableFile, remove_control_characters
from .language import normalize_language_tag

# Metadata longer than this is not a title or a name but a page's junk;
# it is cut so that no library downstream meets an unbounded field.
FIELD_MAX_CHARS = 500
# A page whose extracted characters lie mostly in lines that are the text of
# a link on the page is a list of links (home, tag, section, search page).
INDEX_LINK_SHARE = 0.5
# Links counted on a page, at most: bounds the work on a hostile page.
MAX_LINKS_COUNTED = 20_000
# The page's own lead (standfirst, teaser), found by its meta description:
# extractors often drop it as a teaser. Elements that may hold it, and how
# much of the description must match (shorter ones are too vague).
LEAD_TAGS = ("p", "div", "section", "header", "span", "strong", "b", "h2", "h3")
LEAD_MIN_CHARS = 40
LEAD_MATCH_CHARS = 80
_CHARSET_DECLARATION = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
_DECLARATION_WINDOW = 4096
# Declarations browsers read as another encoding (WHATWG Encoding): Latin-1
# and ASCII pages are windows-1252; a UTF-16 label without a byte-order mark
# in an ASCII-compatible page is UTF-8.
_BROWSER_ENCODINGS = {
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
}
# Exceptions lxml and trafilatura are known to raise on hostile markup.
EXTRACTION_ERRORS = (
    ValueError,
    TypeError,
    LookupError,
    RecursionError,
    AttributeError,
    etree.LxmlError,
)

EXTRACTOR_LOGGERS = ("trafilatura", "htmldate", "courlan")


def quiet_extractor_logs() -> None:
    """The extractor logs every discarded page at WARNING; the reader reports
    each page itself, once, naming the input, so only its errors pass."""
    for name in EXTRACTOR_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


@functools.cache
def _extractor():
    """trafilatura, imported when a page first needs it, not with this
    module: an archive of text files never does (with it, importing Pelican
    and the reader took 0.64 s, without it 0.43 s: every build's start).
    Its import sets htmldate's log level: the extractor's logs are quieted
    again after it."""
    import trafilatura

    quiet_extractor_logs()
    return trafilatura


class NotAnArticle(ValueError):
    """The page holds no article (an index page, or no text at all)."""


@dataclass(frozen=True)
class ExtractOptions:
    favor_precision: bool = False
    favor_recall: bool = False
    include_comments: bool = False
    include_tables: bool = True


@dataclass
class Extracted:
    fields: dict[str, str] = field(default_factory=dict)
    body: str = ""
    problems: list[str] = field(default_factory=list)
    lead_image: str | None = None
    lead_image_caption: str = ""


def decode_html(data: bytes, declared_charset: str | None = None) -> tuple[str, str]:
    """(text, encoding name) for HTML bytes; problems are reported by the caller.

    Order: byte-order mark, the HTTP header's charset, the page's own
    <meta charset>, UTF-8, then charset_normalizer's guess (trafilatura's
    decode_file), replacing bytes only as a last resort.
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    declared = [declared_charset] if declared_charset else []
    match = _CHARSET_DECLARATION.search(data[:_DECLARATION_WINDOW])
    if match:
        declared.append(match.group(1).decode("ascii"))
    for name in [*declared, "utf-8"]:
        try:
            encoding = codecs.lookup(name).name
            encoding = _BROWSER_ENCODINGS.get(encoding, encoding)
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            continue
    return _extractor().utils.decode_file(data), "guessed"


def extract_page(
    data: bytes,
    *,
    url: str | None,
    declared_charset: str | None,
    max_date: date,
    options: ExtractOptions,
) -> Extracted:
    """Main text and metadata of one HTML page; see the module docstring."""
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise UnreadableFile(f"binary file ({kind}), not HTML")
    if not data.strip():
        raise UnreadableFile("empty file")
    text, encoding = decode_html(data, declared_charset)
    result = Extracted()
    if encoding == "guessed":
        result.problems.append("no declared or UTF-8 encoding; decoding guessed")
    document, html_lang, anchors, lead = _extract(text, url, max_date, options, result)
    body, removed = remove_control_characters(document.text)
    # Indentation in the extractor's text is list nesting, not the layout
    # the text reader's chrome rules read as a trailing block.
    lines = [line.strip() for line in body.splitlines()]
    if lead:
        at = 1 if lines and document.title and lines[0] == document.title else 0
        lines.insert(at, lead)
    body = "\n".join(lines)
    if removed:
        result.problems.append(f"{removed} NUL or control characters removed")
    if _mostly_links(body, anchors):
        raise NotAnArticle("index page: its text is mostly links")
    result.body = body
    result.fields = _fields(document, html_lang)
    return result


def _extract(text: str, url, max_date: date, options: ExtractOptions, result):
    """trafilatura's reading of the page: (its document, the page's lang
    attribute, the texts of its links, the lead paragraph the text lacks
    or None); the lead image goes into ``result``. NotAnArticle when there
    is no article text, or the extractor fails."""
    trafilatura = _extractor()
    try:
        tree = trafilatura.utils.load_html(text)
        if tree is None:
            raise NotAnArticle("not an HTML document")
        html_lang = _html_lang(tree)
        anchors = _anchor_texts(tree)
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            favor_precision=options.favor_precision,
            favor_recall=options.favor_recall,
            include_comments=options.include_comments,
            include_tables=options.include_tables,
            date_extraction_params={
                "original_date": True,
                "extensive_search": True,
                # Never the build's clock: a page is not dated after it
                # was captured (same input, same bytes).
                "max_date": max_date.isoformat(),
            },
        )
        if document is None or not (document.text or "").strip():
            raise NotAnArticle("no article text found in the page")
        lead = _page_lead(tree, document.description, document.text)
        result.lead_image, result.lead_image_caption = _lead_image(
            tree, document.image, document.url or url
        )
    except NotAnArticle:
        raise
    except EXTRACTION_ERRORS as error:
        raise NotAnArticle(f"extraction failed ({type(error).__name__})") from None
    return document, html_lang, anchors, lead


def _page_lead(tree, description: str | None, text: str) -> str | None:
    """The page's lead paragraph when the extracted text lacks it.

    It is the smallest element of the page whose text holds the page's meta
    description (its first LEAD_MATCH_CHARS characters), and no longer than
    twice the description: text the page itself calls its summary.
    """
    wanted = " ".join((description or "").split()).rstrip(".\u2026 ")
    if len(wanted) < LEAD_MIN_CHARS:
        return None
    wanted = wanted[:LEAD_MATCH_CHARS]
    if wanted in " ".join(text.split()):
        return None
    best = None
    for count, element in enumerate(tree.iter(LEAD_TAGS)):
        if count >= MAX_LINKS_COUNTED:
            break
        content = " ".join(element.text_content().split())
        fits = wanted in content and len(content) <= 2 * len(wanted) + 400
        if fits and (best is None or len(content) < len(best)):
            best = content
    return remove_control_characters(best)[0] if best else None


def _fields(document, html_lang: str | None) -> dict[str, str]:
    values = {
        "title": document.title,
        "date": document.date,
        "author": document.author,
        "source": document.sitename,
        "hostname": document.hostname,
        "url": document.url,
        "summary": document.description,
        "category": ", ".join(document.categories or ()),
        "tags": ", ".join(document.tags or ()),
        "lang": html_lang,
    }
    fields = {}
    for name, value in values.items():
        if value:
            cleaned = " ".join(remove_control_characters(str(value))[0].split())
            if cleaned:
                fields[name] = cleaned[:FIELD_MAX_CHARS]
    return fields


def _html_lang(tree) -> str | None:
    """The page's declared language, when it is a language tag at all."""
    declared = tree.get("lang") or tree.get(
        "{http://www.w3.org/XML/1998/namespace}lang"
    )
    if not declared:
        return None
    tag = normalize_language_tag(declared[:40])
    return declared.strip() if tag else None


def _anchor_texts(tree) -> set[str]:
    texts = set()
    for count, anchor in enumerate(tree.iter("a")):
        if count >= MAX_LINKS_COUNTED:
            break
        text = " ".join(anchor.text_content().split())
        if text:
            texts.add(text)
    return texts


def _mostly_links(body: str, anchors: set[str]) -> bool:
    lines = [" ".join(line.split()) for line in body.splitlines()]
    total = sum(len(line) for line in lines)
    linked = sum(len(line) for line in lines if line in anchors)
    return total > 0 and linked >= INDEX_LINK_SHARE * total


def _lead_image(tree, declared: str | None, page_url: str | None):
    """(absolute URL or None, caption) of the page's lead image.

    The page's declared image (og:image, twitter:image) when there is one,
    else the first picture in a <figure>. The caption is that picture's
    <figcaption>, else its alt text.
    """
    images = [
        (image, image.get("src") or image.get("data-src") or "")
        for image in tree.iter("img")
    ][:MAX_LINKS_COUNTED]
    chosen = None
    if declared:
        wanted = _last_segment(declared)
        chosen = next(
            (img for img, src in images if src and _last_segment(src) == wanted), None
        )
    else:
        chosen = next(
            (
                img
                for img, src in images
                if src and any(a.tag == "figure" for a in img.iterancestors())
            ),
            None,
        )
        declared = (
            (chosen.get("src") or chosen.get("data-src"))
            if chosen is not None
            else None
        )
    if not declared or declared.startswith("data:"):
        return None, ""
    caption = ""
    if chosen is not None:
        figure = next((a for a in chosen.iterancestors() if a.tag == "figure"), None)
        captions = figure.findall(".//figcaption") if figure is not None else []
        caption = captions[0].text_content() if captions else chosen.get("alt", "")
    caption = " ".join(remove_control_characters(caption)[0].split())
    absolute = urljoin(page_url, declared.strip()) if page_url else declared.strip()
    return absolute[:2000], caption[:FIELD_MAX_CHARS]


def _last_segment(url: str) -> str:
    return urlsplit(url.strip()).path.rsplit("/", 1)[-1]
