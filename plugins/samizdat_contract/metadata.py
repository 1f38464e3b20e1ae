"""The keys a Samizdat article carries, and which plugin sets each one.

Pelican turns every metadata key a reader returns into an attribute of the
Article, so these names are also what templates read (``article.source``).
Values are plain text and records, never HTML: whoever writes a page
escapes them there, once (the theme's Jinja environment autoescapes).
The only HTML is Pelican's own ``content`` (and ``summary``), which the
reader builds from the paragraphs, escaping each.

Set by article_reader on every article it publishes (always present):
    TITLE         str            the headline, plain text (Pelican's key)
    LANG          str            BCP 47 tag (Pelican's key)
    DIR           "ltr" | "rtl"  languages.text_direction(LANG)
    PARAGRAPHS    list[str]      the article text, one paragraph each
    CAPTIONS      list[str]      captions of photos not in the copy
    SOURCE        str | None     the publisher's name as written
    ORIGINAL_URL  str | None     where the article was scraped from

Set by site_pages when the article generator is finalized:
    NEWER, OLDER  Article | None the next article of the same language
    LANGUAGE_URL  str            its language's front page, relative to the
                                 output root

Set by site_search before pages are written:
    RELATED       list[Article]  similar older articles, most similar first
"""

TITLE = "title"
LANG = "lang"
DIR = "dir"
PARAGRAPHS = "paragraphs"
CAPTIONS = "captions"
SOURCE = "source"
ORIGINAL_URL = "original_url"

NEWER = "newer"
OLDER = "older"
LANGUAGE_URL = "language_url"

RELATED = "related"

# What the reader always sets, for the test that holds it to this contract.
READER_KEYS = (TITLE, LANG, DIR, PARAGRAPHS, CAPTIONS, SOURCE, ORIGINAL_URL)
