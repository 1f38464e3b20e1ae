"""Short lines of a page's interface: share and follow lines, menus, ad labels.

A page dump's furniture is told by its size (at most SHORT_UNITS words), by
not ending like a sentence, and by a small multilingual list of interface
words. blocks.py classifies whole lines with these; names.py, notes.py and
span.py ask the same questions of single lines.

Data shapes:
    is_ui_phrase(text: str) -> bool       a short line of interface words
    is_loose_ui_line(text: str) -> bool   one naming an interface action
    is_ad_label(text: str) -> bool        "Advertisement", "Anzeige"
    ends_as_sentence(text: str) -> bool   ends in . ! ? or a CJK stop
"""

import re

from .line_ends import INVISIBLE_TAIL, without_placeholder
from .lines import size_in_units

# Bullets that text dumps put before list items (w3m marks nested levels
# with circles, squares and stars).
BULLET = re.compile(
    r"^[\u2022\u25a1\u25e6\u25aa\u25cf\u25cb\u25a0\u25ba\u25b8\u25ce\u2605\u2606"
    r"\u00b7*+\-\u2013]\s*"
)

# Ends a sentence, optionally followed by closing quotes or brackets, before
# any invisible characters (a picture's placeholder after it is removed
# first: line_ends.without_placeholder).
_TERMINAL = re.compile(
    r"[.!?\u3002\uff01\uff1f]['\"\u201d\u2019\u00bb)]*" + INVISIBLE_TAIL
)


SHORT_UNITS = 6  # menu items, buttons, share lines: at most this many words


def ends_as_sentence(text: str) -> bool:
    """Ends in a full stop, question or exclamation mark (Latin or CJK),
    before a picture's placeholder. Narrower than lines.is_sentence, which
    the article's own measures use: interface lines are told by this one."""
    return bool(_TERMINAL.search(without_placeholder(text)))


# Interface words of share/follow/comment/navigation lines, in the languages
# pages most often come in. Used only on short lines that are not sentences.
_UI_WORDS = re.compile(
    r"\b(?:share|teilen|compartir|partager|udost[eę]pnij|condividi|partilhar"
    r"|tweet|twitter|facebook|whatsapp|pinterest|linkedin|xing|instagram|youtube"
    r"|telegram|reddit|e-?mail|print|drucken|imprimir|imprimer|drukuj"
    r"|follow|folgen|s[ií]guenos|suivez|obserwuj|subscribe|abonnieren|suscr[ií]bete"
    r"|newsletter|rss|feed|comments?|kommentare?|kommentieren|comentarios?"
    r"|commentaires?|komentarz[ey]?|reply|antworten|responder|r[ée]pondre"
    r"|odpowiedz|like|gef[äa]llt|me gusta|j'aime|login|log in|sign in|anmelden"
    r"|registrieren|register|logout|abmelden|skip to|springe|zum inhalt|menu|men[üu]"
    r"|navigation|search|suche|suchen|buscar|rechercher|szukaj|close|schlie[ßs]en"
    r"|cerrar|fermer|zamknij|back to top|nach oben|zur[üu]ck|top|home|startseite"
    r"|inicio|accueil|read more|weiterlesen|mehr lesen|leer m[áa]s|lire la suite"
    r"|czytaj dalej|impressum|datenschutz|privacy|kontakt|contact|sitemap|agb"
    r"|accept|akzeptieren|aceptar|accepter|akceptuj|ok|tags?|kategorien?"
    r"|categor(?:y|ies|[ií]as?)|schlagw[öo]rter|permalink|bookmark|piwik|matomo"
    r"|related|also like|weitere|more|mehr|explore|filed under|tag cloud|gedanken zu"
    r"|e-mail-adresse|email address|cancel reply|abbrechen|leave a reply"
    r"|hinterlasse|schreibe|lade|load|previous|next|vorherige[rs]?|n[äa]chste[rs]?"
    r"|artikel|articles?|posts?|beitr[äa]ge?|entradas?|autor|author|content|inhalt"
    r"|antwort|tagged|getaggt|verschlagwortet|bewertung(?:en)?|ratings?|reviews?"
    r"|social|soziale?|netzwerke?|networks?|podcast|abo|shop|warenkorb|cart"
    r"|podziel\s+si[ęe]|empfiehl|recommend"
    r")\b",
    re.IGNORECASE,
)
# The small words that join the ones above ("share this story").
_UI_JOINERS = re.compile(
    r"\b(?:this|story|to|us|on|our|with|uns|auf|mit|dies(?:e[nrs]?)?|geschichte"
    r"|nous|sur|en|el|la|na|nas)\b",
    re.IGNORECASE,
)


def is_ui_phrase(text: str) -> bool:
    """A short line of interface words (share, menu, close, back to top...)."""
    text = BULLET.sub("", text).strip()
    if not text or size_in_units(text) > SHORT_UNITS or ends_as_sentence(text):
        return False
    remainder, found = _UI_WORDS.subn("", text)
    remainder = _UI_JOINERS.sub("", remainder)
    return bool(found) and len(re.sub(r"[\W\d_]", "", remainder)) <= len(text) // 3


# The label over an advertisement between paragraphs, alone on its line.
_AD_LABEL = re.compile(
    r"^(?:advertisement|advertising|sponsored|anzeige|werbung|publicidad"
    r"|publicit\u00e9|reklama|pubblicit\u00e0|advertentie|\u5e7f\u544a|\u5ee3\u544a)$",
    re.IGNORECASE,
)


def is_ad_label(text: str) -> bool:
    """ "Advertisement", "Anzeige": the label of an ad, not a heading."""
    return bool(_AD_LABEL.match(BULLET.sub("", text).strip()))


LOOSE_UI_MAX_UNITS = 12


def is_loose_ui_line(text: str) -> bool:
    """A short line naming an interface action, used only after the article."""
    text = BULLET.sub("", text).strip()
    units = size_in_units(text)
    return (
        units <= LOOSE_UI_MAX_UNITS
        and (units <= SHORT_UNITS or not ends_as_sentence(text))
        and bool(_UI_WORDS.search(text))
    )
