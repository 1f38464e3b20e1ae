"""Per-file block kinds of naive page dumps (w3m -dump, simple scrapers).

When a site has a single page in the tree nothing recurs, so the chrome
around its article must be told from the file's own structure. Browsers'
text dumps render a page's furniture in recognisable shapes:

- menus and link lists: runs of short bullet lines (``•``, ``□``, ``☆``,
  ``*``...) or short items joined by ``|``;
- form fields: ``[          ]`` text inputs, ``[ ]`` / ``( )`` boxes,
  ``[Suchen]`` buttons;
- breadcrumbs: short items joined by ``»``, ``›``, ``>`` or ``/`` (three
  slashes: ``Name / role / site`` is an article's line);
- server warnings: ``Warning: … in /path/file.php on line 12``;
- consent banners (a line about cookies that is short or also speaks of the
  site, consent or tracking), share/follow/comment lines and footers (a
  copyright line with a year or reserved rights; ``© Name`` alone is a
  picture's credit): recognised by shape first and by a small multilingual
  list of interface words. Each removal needs a second sign, since one word
  ("cookie", "©", " / ") also occurs in articles;
- headings of related links or comments ("Related", "13 Comments"), where
  the article may end (span.py);
- photo credits and reading times; blog post metadata ("Posted in…");
  links to the previous or next post, marked by an arrow.

Where the article itself is among these blocks: span.py.

Data shapes:
    classify_lines(texts: list[str]) -> dict[int, str]   index -> block reason
    block_kind(text: str) -> str | None

Short interface lines (share, menus, ad labels): interface_lines.py.
"""

import re
from functools import lru_cache

from .interface_lines import (
    BULLET,
    SHORT_UNITS,
    ends_as_sentence,
    is_ui_phrase,
)
from .lines import size_in_units

FORM_FIELD = "form field"
BRACKETED = "image placeholder or button ([label])"
SERVER_WARNING = "server warning"
CONSENT = "cookie or consent notice"
SHARE = "share, follow or comment line"
BREADCRUMB = "breadcrumb trail"
FOOTER = "footer (copyright line)"
MENU = "menu or link list (run of short bullet or | lines)"
OUTSIDE_BEFORE = "short line before the article's prose"
OUTSIDE_AFTER = "short line after the article's prose"
NO_TEXT = "line without a letter or digit (empty bullet, rule)"
END_HEADING = "heading of related links or comments"
AFTER_END = "after the article's end (related links, comments)"
CREDIT = "photo credit or reading time"
POST_META = "post metadata (posted in, tags, comment policy)"
POST_LINK = "link to the previous or next post (arrow)"

# Kinds a single line shows beyond doubt, even in text an extractor has
# already cut from its page.
SINGLE_LINE_KINDS = frozenset({FORM_FIELD, SERVER_WARNING, CONSENT})
# Kinds that also occur inside an article (its own lists, its pictures'
# placeholders): they weigh little against the article span.
WEAK_KINDS = frozenset({MENU, BRACKETED, NO_TEXT, CREDIT})

# A text input ("[        ]", "[____]"), a check box or radio button ("[ ]",
# "[*]", "( )", "(*)"). Not "[...]", the elision in a quotation.
_EMPTY_FIELD = re.compile(r"\[[\s_]{2,}\]|\[(?:\s|\s?[xX*]\s?)\]|\((?:\s|\s?[*o]\s?)\)")
# An unlabelled button or image w3m writes as "[]"; in code ("bar = []",
# "cache_clear()") the same brackets follow a word or an "=" sign.
_BARE_BUTTON = re.compile(r"(?<![\w=\s])\s*\[\]|^\[\]")
_BRACKET_TOKEN = re.compile(r"\[[^\[\]]{0,60}\]")
_SERVER_WARNING = re.compile(
    r"^(?:PHP\s+)?(?:Warning|Notice|Deprecated|Fatal error|Strict Standards|"
    r"Parse error|Catchable fatal error)\s*:.*(?:\son line\s+\d+|\.php\b)",
    re.IGNORECASE,
)
_COOKIE = re.compile(r"cookie|ciastecz|куки|galletas", re.IGNORECASE)
# A piece of each of _COOKIE's words, in lower case: a line whose lower case
# holds none of them cannot match, and is ruled out without the search
# (IGNORECASE matches no character whose lower case is not these letters':
# tests/test_line_ends.py).
_COOKIE_PIECES = ("oo", "ecz", "кук", "galle")
_COPYRIGHT = re.compile(
    r"\u00a9|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|alle rechte vorbehalten"
    r"|todos los derechos reservados|tous droits r[ée]serv[ée]s"
    r"|wszelkie prawa zastrze[żz]one|版权所有|版權所有",
    re.IGNORECASE,
)
# A piece of each of _COPYRIGHT's phrases, in lower case (as _COOKIE_PIECES).
_COPYRIGHT_PIECES = (
    "\u00a9",
    "(c",
    "pyr",
    "erved",
    "vorbeh",
    "erech",
    "dro",
    "prawa",
    "所有",
)
_CRUMB_SEPARATOR = re.compile(r"\s(?:\u00bb|\u203a|>|/|\u2192|\u00b7)\s")
# " / " also joins the parts of an article's own lines ("Name / role /
# www.example.org", a photo's credit): a trail of slashes alone needs one
# more item than a trail of arrows.
_SLASH_SEPARATOR = re.compile(r"\s/\s")
CRUMB_MIN_SEPARATORS = 2
# A line about cookies is a consent note when it is short and no sentence
# ("Cookie-Einstellungen"), or when it also speaks of the site, consent or
# tracking: "baking them into cookies" in an article is not one.
_CONSENT_CONTEXT = re.compile(
    r"web\s?site|webseite|internetseite|\bseite|\bsite|sitio|browser|navegador"
    r"|navigateur|przegl[ąa]dar|consent|zustimm|einwillig|einverstanden|akzept"
    r"|accept|acept|privacy|datenschutz|privacidad|confidentialit|prywatno"
    r"|tracking|analy[st]|statisti|personali[sz]|einstellungen|settings"
    r"|configura|param[eè]tres|ustawie|stron[aeęy]|stronie|u[żz]ywa|verwende|nutz"
    r"|korzysta\w*\s+z\s+(?:plik[óo]w\s+)?(?:cookies|ciasteczek)"
    r"|utilis|utiliz|\buse[sd]?\s+(?:of\s+)?cookies",
    re.IGNORECASE,
)
# A footer's copyright line names a year or reserves rights; "© WSNA" or
# "Copyright: Jane Doe" alone is a picture's credit.
_FOOTER_SIGN = re.compile(
    r"\b(?:19|20)\d{2}\b|rights reserved|rechte vorbehalten|derechos reservados"
    r"|droits r[ée]serv[ée]s|prawa zastrze[żz]one|版权所有|版權所有",
    re.IGNORECASE,
)
_PIPE_SEPARATOR = re.compile(r"\s\|\s")

# Headings that open what a page shows after its article: related links,
# comments, reader forums. Matched at the start of a short line.
RELATED_HEADING = (
    r"related(?:\s+(?:posts|articles|stories|content|links|news))?"
    r"|verwandte\s+(?:links|nachrichten|artikel|beitr[äa]ge|themen)"
    r"|[äa]hnliche\s+(?:beitr[äa]ge|artikel|posts|themen)"
    r"|weitere\s+(?:artikel|beitr[äa]ge|themen|nachrichten|news|meldungen|pressemitteilungen)"
    r"|mehr\s+zum\s+thema|das\s+k[öo]nnte\s+(?:sie|dich|dir|ihnen)\s+auch\s+(?:interessieren|gefallen)"
    r"|empfohlen\s+f[üu]r\s+(?:dich|sie)|latest\s+(?:articles|posts|stories|news)"
    r"|lesen\s+sie\s+auch|auch\s+interessant|meistgelesen|beliebte\s+(?:beitr[äa]ge|artikel)"
    r"|you\s+(?:may|might)\s+also\s+(?:like|enjoy)|more\s+(?:stories|articles|news)"
    r"|recommended(?:\s+for\s+you)?|read\s+next|also\s+read|explore\s+further"
    r"|most\s+(?:read|popular)|popular\s+(?:posts|articles|stories)|recent\s+posts"
    r"|(?:art[ií]culos|noticias|entradas)\s+relacionad[ao]s|te\s+puede\s+interesar"
    r"|[àa]\s+lire\s+aussi|sur\s+le\s+m[êe]me\s+sujet|articles\s+similaires"
    r"|zobacz\s+(?:te[żz]|r[óo]wnie[żz]|tak[żz]e)|czytaj\s+(?:te[żz]|tak[żz]e|r[óo]wnie[żz])"
    r"|podobne\s+(?:artyku[łl]y|wpisy)"
)
_COMMENTS_HEADING = (
    r"comments?|kommentare?|comentarios?|commentaires?|komentarz[ey]?|responses"
    r"|leave\s+a\s+(?:reply|comment)|post\s+a\s+comment|add\s+(?:a\s+)?comment"
    r"|join\s+the\s+discussion|write\s+a\s+comment"
    r"|(?:schreibe|verfasse|hinterlasse)n?\s+(?:einen|deinen|ihren)\s+kommentar"
    r"|kommentar\s+(?:verfassen|schreiben|hinterlassen|abgeben)"
    r"|(?:ein|\d+)\s+gedanken?\s+zu|(?:one|\d+)\s+(?:responses?|thoughts?)\s+(?:to|on)"
    r"|deja\s+(?:un|tu)\s+comentario|laisser\s+un\s+commentaire"
    r"|do[łl][aą]cz\s+do\s+dyskusji|dodaj\s+komentarz"
    r"|hinterlasse\s+(?:eine|deine)\s+antwort|vos\s+r[ée]actions|r[ée]actions"
)
_END_HEADING = re.compile(
    rf"(?:\d+\s+)?(?:{RELATED_HEADING}|{_COMMENTS_HEADING})\b", re.IGNORECASE
)
_RELATED_ONLY = re.compile(rf"(?:\d+\s+)?(?:{RELATED_HEADING})\b", re.IGNORECASE)
# A picture's credit or the reading time, alone on a line: "Foto: dpa/Bernd
# Weißbrod", "Photograph by Jane Doe", "5 min read", "Lesezeit: 3 Minuten".
_CREDIT = re.compile(
    r"^(?:(?:foto|fotos|photo|photos|bild|bilder|image|kuva|zdj[ęe]cie|fot\.|cr[ée]dito"
    r"|cr[ée]dit)\s*:|(?:photograph|photo|foto|picture)\s+(?:by|von|de)\b)"
    r"|^\d+\s*(?:min|minutes?|minuten|minutos)\.?\s+(?:read|lesezeit|de\s+lectura|de\s+lecture)"
    r"|^(?:lesezeit|reading\s+time|tiempo\s+de\s+lectura|temps\s+de\s+lecture)\b",
    re.IGNORECASE,
)
CREDIT_MAX_UNITS = 8
# What blog software writes under a post: where it was filed, its tags, the
# comment form's policy, the page's edit date.
_POST_META = re.compile(
    r"^(?:this\s+(?:entry|post)\s+was\s+posted|posted\s+in\b|filed\s+under\b"
    r"|tagged\s+(?:with\b|:)|dieser\s+(?:eintrag|beitrag)\s+wurde\s+(?:am\s+\S+\s+)?"
    r"ver[öo]ffentlicht|der\s+beitrag\s+wurde\s+am\b|ver[öo]ffentlicht\s+(?:in|unter)\b"
    r"|getaggt\s+mit\b|verschlagwortet\s+mit\b|this\s+site\s+uses\s+akismet"
    r"|diese\s+website\s+verwendet\s+akismet"
    r"|(?:your|deine|ihre)\s+e-?mail-?(?:adresse|address)\s+(?:will\s+not|wird\s+nicht)"
    r"|diese\s+seite\s+wurde\s+zuletzt|this\s+page\s+was\s+last\s+(?:edited|modified)"
    r"|aufrufe\s*:|views\s*:)",
    re.IGNORECASE,
)
POST_META_MAX_UNITS = 40
# "← Older post", "Next story →", "↓ Jump to comments": blog software's links
# to the neighbouring posts and within the page, marked by an arrow at
# either end of a short line that is not a sentence.
_ARROW_LINK = re.compile(r"^[\u2190-\u2193\u21d0-\u21d3]|[\u2190-\u2193\u21d0-\u21d3]$")
END_HEADING_EXTRA_UNITS = 3  # words after the phrase: "Comments are closed."
MENU_MIN_RUN = 3


def is_related_heading(text: str) -> bool:
    """An END_HEADING of related links ("Mehr zum Thema"), not of comments."""
    return bool(_RELATED_ONLY.match(text)) and is_end_heading(text)


def is_end_heading(text: str) -> bool:
    """ "Related", "13 Comments", "Verwandte Links", "Leave a Reply": a heading
    (not a menu item, not "Read also: <title of another story>", not a
    "comment = …" line of a configuration file)."""
    found = _END_HEADING.match(text)
    return (
        found is not None
        and size_in_units(text[found.end() :]) <= END_HEADING_EXTRA_UNITS
        and "=" not in text
    )


# A publisher's chrome lines recur in most of its pages, verbatim.
@lru_cache(maxsize=4096)
def block_kind(text: str) -> str | None:
    """The block kind a single line belongs to, from its own shape."""
    if _SERVER_WARNING.match(text):
        return SERVER_WARNING
    if not any(char.isalnum() for char in text):
        return NO_TEXT
    # Sizes first, patterns after: most lines are long paragraphs, which
    # the size tests rule out of most kinds without a scan.
    units = size_in_units(text)
    short = units <= SHORT_UNITS * 2 and not ends_as_sentence(text)
    # Both of _BARE_BUTTON's forms hold "[]": most lines are ruled out by
    # that substring instead of a search at each of their characters.
    if _EMPTY_FIELD.search(text) or (
        "=" not in text and "[]" in text and _BARE_BUTTON.search(text)
    ):
        return FORM_FIELD
    if (
        _BRACKET_TOKEN.search(text)
        and size_in_units(_BRACKET_TOKEN.sub(" ", text)) <= 3
        and not ends_as_sentence(_BRACKET_TOKEN.sub(" ", text).strip())
    ):
        return BRACKETED
    if is_end_heading(text):
        return END_HEADING
    if units <= CREDIT_MAX_UNITS and _CREDIT.search(text):
        return CREDIT
    if units <= POST_META_MAX_UNITS and _POST_META.search(text):
        return POST_META
    if short and _ARROW_LINK.search(text):
        return POST_LINK
    # The cookie word first (a piece of it in the lower-cased line, then the
    # search): few lines have one, and the long list of context words is
    # searched only in those.
    lowered = text.lower()
    if (
        any(piece in lowered for piece in _COOKIE_PIECES)
        and _COOKIE.search(text)
        and (short or (units <= 80 and _CONSENT_CONTEXT.search(text)))
    ):
        return CONSENT
    if (
        units <= 25
        and any(piece in lowered for piece in _COPYRIGHT_PIECES)
        and _COPYRIGHT.search(text)
    ):
        if _FOOTER_SIGN.search(text):
            return FOOTER
        if units <= CREDIT_MAX_UNITS:
            return CREDIT
    if short and _is_breadcrumb(text):
        return BREADCRUMB
    if short and len(_PIPE_SEPARATOR.findall(text)) >= 2:
        return MENU
    # Without its bullet a line is at most one unit shorter.
    if units <= SHORT_UNITS + 1 and is_ui_phrase(text):
        return SHARE
    return None


def _is_breadcrumb(text: str) -> bool:
    separators = len(_CRUMB_SEPARATOR.findall(text))
    if separators == len(_SLASH_SEPARATOR.findall(text)):
        return separators > CRUMB_MIN_SEPARATORS
    return separators >= CRUMB_MIN_SEPARATORS


def is_short_bullet(text: str) -> bool:
    return bool(BULLET.match(text)) and (
        size_in_units(text) <= SHORT_UNITS + 1 and not ends_as_sentence(text)
    )


def classify_lines(texts: list[str]) -> dict[int, str]:
    """Block reasons for the lines whose kind the file's structure shows."""
    reasons: dict[int, str] = {}
    for index, text in enumerate(texts):
        kind = block_kind(text)
        if kind is not None:
            reasons[index] = kind
    run: list[int] = []
    for index, text in enumerate([*texts, ""]):
        if index < len(texts) and is_short_bullet(text):
            run.append(index)
            continue
        if len(run) >= MENU_MIN_RUN:
            for member in run:
                reasons.setdefault(member, MENU)
        run = []
    return reasons


def is_list_item(text: str) -> bool:
    """A line a text dump starts with a bullet ("• ", "– ", "* ")."""
    return bool(BULLET.match(text))
