"""Pelican glue: write the home page, per-language pages, search, 404, feeds.

Output layout (every file named, every link relative; the paths are the
SITE_PAGES_*_SAVE_AS settings, defaults shown):
    index.html                           home: languages, newest articles
    <lang>/index.html, index-p<n>.html   language front page; older pages
                                         numbered from the oldest
    <lang>/archive/index.html            months and sources of that language
    <lang>/archive/<yyyy>-<mm>.html      articles of one month (and -p<n>)
    <lang>/source/<slug>.html            articles of one source (and -p<n>);
                                         slugs unique, see sources.py
    search.html, 404.html, pages/mirrors.html (when SITE_PAGES_MIRRORS is set)
    (the home and search pages also link to the other parts of a split
    archive, SITE_PAGES_PARTS: parts.py)
    samizdat.json (COPY_INFO_NAME)       site name, version and date of this copy
    feeds/<lang>.atom.xml, sitemap.xml   only when SITEURL is set
"""

import base64
import hashlib
import html
import json
import logging
import os

from markupsafe import Markup
from pelican.generators import Generator
from samizdat_contract import COPY_INFO_NAME, text_direction
from samizdat_contract import metadata as keys
from samizdat_contract.cache import write_if_changed

from .parts import part_links
from .paths import PagePaths
from .sitemap import sitemap_xml
from .sources import source_slugs
from .structure import (
    Listing,
    Section,
    by_language,
    by_month,
    by_source,
    link_neighbours,
    newest_first,
    stable_pages,
)

logger = logging.getLogger(__name__)

# The theme's stylesheet, inlined in the 404 page (see not_found_style).
STYLESHEET = os.path.join("static", "css", "site.css")


class SitePagesGenerator(Generator):
    def generate_context(self):
        self.paths = PagePaths(self.settings)
        self.sections = sections(
            self.context.get("articles", []),
            self.settings["SITE_PAGES_LANGUAGE_ORDER"],
            self.paths,
        )
        self.context["site_languages"] = self.sections
        self.context["archive_parts"] = part_links(
            self.settings["SITE_PAGES_PARTS"], self.paths
        )

    def generate_output(self, writer):
        self.writer = writer
        paths, settings = self.paths, self.settings
        latest = newest_first(self.context.get("articles", []))
        self._write(
            paths.home(), "home", latest=latest[: settings["SITE_PAGES_HOME_LATEST"]]
        )
        self._write(paths.search(), "search")
        self._write(paths.not_found(), "404", **not_found_style(self.theme))
        if settings["SITE_PAGES_MIRRORS"]:
            mirrors = settings["SITE_PAGES_MIRRORS"]
            self._write(paths.mirrors(), "mirrors", mirrors=mirrors)
        write_copy_info(self.output_path, self.context)
        for section in self.sections:
            lang = section.lang
            self._write_list(section.front, section, lang_code=lang)
            self._write(
                section.archive_url, "archives", section=section, lang_code=lang
            )
            for listing in section.months + section.sources:
                self._write_list(listing, section, lang_code=lang)
            self._write_feed(writer, lang, section.front.articles)

    def _write(self, name, template, **variables):
        self.writer.write_file(
            name,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            **variables,
        )

    def _write_list(self, listing: Listing, section: Section, **variables):
        """The newest articles at listing.url; all of them on numbered pages.

        Page links and labels never mention the page count, so an old page
        keeps its bytes when newer pages are added. Each page gets only what
        it shows (the listing's heading, the section's archive link, its own
        articles), so an unchanged page's key is unchanged and site_output
        does not render it again.
        """
        per_page = self.settings["SITE_PAGES_PER_PAGE"][listing.kind]
        pages = stable_pages(listing.articles, per_page)
        newest = len(pages)
        numbered = self.paths.numbered
        self._write(
            listing.url,
            "listing",
            listing=listing.heading,
            archive_url=section.archive_url,
            page_items=listing.articles[:per_page],
            page_number=None,
            newer_url=None,
            older_url=numbered(listing.url, newest - 1) if newest > 1 else None,
            **variables,
        )
        if newest == 1:
            return
        for number, items in enumerate(pages, start=1):
            self._write(
                numbered(listing.url, number),
                "listing",
                listing=listing.heading,
                archive_url=section.archive_url,
                page_items=items,
                page_number=number,
                newer_url=(
                    numbered(listing.url, number + 1)
                    if number < newest
                    else listing.url
                ),
                older_url=numbered(listing.url, number - 1) if number > 1 else None,
                **variables,
            )

    def _write_feed(self, writer, lang, articles):
        path = self.paths.feed(lang)
        if not (self.settings.get("SITEURL") and path):
            return
        writer.write_feed(
            [FeedItem(article) for article in articles],
            self.context,
            path,
            feed_title=f"{self.settings['SITENAME']} ({lang})",
        )


class FeedItem:
    """An article as Pelican's feed writer reads it: the title as HTML.

    The writer strips tags from the title and unescapes it; our titles are
    plain text, so they are escaped first and come out unchanged.
    """

    def __init__(self, article):
        self._article = article
        self.title = html.escape(article.title, quote=False)

    def __getattr__(self, name):
        return getattr(self._article, name)


def sections(articles, order, paths: PagePaths) -> list[Section]:
    """Every language's pages, with unique source page names (logged when
    two sources want the same name)."""
    by_lang = by_language(articles, order)
    groups = by_source(articles)
    # Oldest source first: a source keeps its page name when others arrive.
    oldest = sorted(groups, key=lambda group: (group[2][-1].date, group[0]))
    slugs, clashes = source_slugs([(key, name) for key, name, _ in oldest])
    for name, wanted, holder, slug in clashes:
        if holder is None:
            logger.warning(
                "source %r: page name %r looks like a numbered page; using %r",
                name,
                wanted,
                slug,
            )
        else:
            logger.warning(
                "sources %r and %r both want the page name %r; %r gets %r",
                holder,
                name,
                wanted,
                name,
                slug,
            )
    found = []
    for lang, items in by_lang:
        section = Section(
            lang=lang,
            dir=text_direction(lang),
            front=Listing("language", lang, paths.language(lang), items),
            archive_url=paths.archive(lang),
        )
        for month, in_month in by_month(items):
            url = paths.month(lang, month)
            section.months.append(Listing("month", lang, url, in_month, month=month))
        for key, name, from_source in by_source(items):
            url = paths.source(lang, slugs[key])
            section.sources.append(Listing("source", lang, url, from_source, name=name))
        found.append(section)
    return found


def not_found_style(theme: str) -> dict:
    """The stylesheet inlined in the 404 page, and its CSP source.

    A server sends 404.html for a miss at any depth (/x/y/z.html), where a
    relative link to the stylesheet would point nowhere, and a mirror may
    sit under any path prefix, so no path to it can be right everywhere.
    The stylesheet is small (under 4 KB), so the page carries it, allowed
    by its hash in the page's own Content-Security-Policy: no
    'unsafe-inline', and nothing but that exact text runs as style.
    """
    with open(os.path.join(theme, STYLESHEET), encoding="utf-8") as handle:
        css = handle.read().strip()
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest())
    return {
        "inline_style": Markup(css),  # the theme's own file, not input
        "style_src": Markup(f"'sha256-{digest.decode('ascii')}'"),
    }


def write_copy_info(output_path, context) -> None:
    """COPY_INFO_NAME: what bundles sign and the verify page shows."""
    info = {
        "site": context["SITENAME"],
        "version": context["COPY_VERSION"],
        "date": context["BUILD_DATE"].isoformat(),
    }
    text = json.dumps(info, ensure_ascii=False, sort_keys=True) + "\n"
    write_if_changed(os.path.join(output_path, COPY_INFO_NAME), text.encode("utf-8"))


def write_sitemap(settings) -> None:
    """After every file is written: list the HTML pages in the sitemap."""
    siteurl, name = settings.get("SITEURL"), settings["SITE_PAGES_SITEMAP_SAVE_AS"]
    if not (siteurl and name):
        return
    output = settings["OUTPUT_PATH"]
    paths = [
        os.path.relpath(os.path.join(folder, file), output).replace(os.sep, "/")
        for folder, _, files in os.walk(output)
        for file in files
        if file.endswith(".html")
    ]
    excluded = {
        settings["SITE_PAGES_SEARCH_SAVE_AS"],
        settings["SITE_PAGES_NOT_FOUND_SAVE_AS"],
    }
    data = sitemap_xml(siteurl, paths, excluded).encode("utf-8")
    write_if_changed(os.path.join(output, name), data)
    logger.info("Sitemap of %d pages: %s", len(paths), name)


def link_articles(article_generator) -> None:
    """Contract keys site_pages sets on every article: NEWER, OLDER and
    LANGUAGE_URL."""
    articles = article_generator.articles
    link_neighbours(articles)
    paths = PagePaths(article_generator.settings)
    for article in articles:
        setattr(article, keys.LANGUAGE_URL, paths.language(article.lang))


# Pelican's own pages and feeds of each taxonomy: the generator attribute
# that lists them, the setting naming the page, the settings naming feeds.
TAXONOMIES = (
    ("tags", "TAG_SAVE_AS", ("TAG_FEED_ATOM", "TAG_FEED_RSS")),
    ("categories", "CATEGORY_SAVE_AS", ("CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS")),
    ("authors", "AUTHOR_SAVE_AS", ("AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS")),
)


def skip_unwritten_taxonomies(article_generator) -> None:
    """Empty the generator's lists of taxonomies whose pages are not written.

    For every tag, category and author, Pelican's page writing first picks
    that taxonomy's articles out of all articles by a list membership test
    per article, even when the page's *_SAVE_AS is "" and nothing is
    written: quadratic in the articles (one author on 20,000 articles: 41 s
    of an 825 s build under cProfile; 25 times that at 100,000). This site
    writes none of those
    pages (pelicanconf.py). The context keeps its own copy of each list, so
    templates and other plugins still see every tag, category and author.
    """
    settings = article_generator.settings
    for attribute, page, feeds in TAXONOMIES:
        if settings.get(page) or any(settings.get(feed) for feed in feeds):
            continue
        setattr(
            article_generator, attribute, type(getattr(article_generator, attribute))()
        )
