"""Articles that another Pelican reader wrote (Markdown, reST): the contract.

Pelican may hand the article generator files this plugin did not read (an
operator's Markdown article, the Markdown yardstick of bench/build.py).
Every consumer reads the contract keys (samizdat_contract.metadata) as
plain attributes, so such articles get them here, once, from what Pelican
has: their text from their HTML content (authored HTML, not input text
this project escaped), their source from their own metadata.

Data shapes:
    conform(article) -> None   sets every READER_KEYS attribute it lacks
    html_paragraphs(markup: str) -> list[str]   text of each block element
"""

from html.parser import HTMLParser

from samizdat_contract import metadata as keys
from samizdat_contract import text_direction

# Elements whose start or end ends a paragraph of text.
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []

    def _end_block(self):
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self._end_block()

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self._end_block()

    def handle_data(self, data):
        self._current.append(data)


def html_paragraphs(markup: str) -> list[str]:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    parser._end_block()
    return parser.blocks


def conform(article) -> None:
    present = vars(article)
    if keys.PARAGRAPHS not in present:
        setattr(article, keys.PARAGRAPHS, html_paragraphs(article.content))
    defaults = {
        keys.DIR: text_direction(article.lang),
        keys.CAPTIONS: [],
        keys.SOURCE: article.metadata.get(keys.SOURCE) or None,
        keys.ORIGINAL_URL: None,
    }
    for name, value in defaults.items():
        if name not in present:
            setattr(article, name, value)
