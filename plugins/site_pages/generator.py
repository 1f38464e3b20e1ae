"""Pelican glue: write the home page, per-language pages, search, 404, feeds.

Output layout (every file named, every link relative):
    index.html                      home: languages, newest articles
    <lang>/index.html, index2.html  language front page, paginated
    <lang>/archive/index.html       months and sources of that language
    <lang>/archive/<yyyy>-<mm>.html articles of one month
    <lang>/source/<slug>.html       articles of one source
    search.html, 404.html, pages/mirrors.html (when SITE_PAGES_MIRRORS is set)
    samizdat.json                   site name, version and date of this copy
    <SITE_PAGES_FEED>, sitemap.xml  only when SITEURL is set
"""

import json
import logging
import os

from pelican.generators import Generator

from .sitemap import sitemap_xml
from .structure import (
    by_language,
    by_month,
    by_source,
    link_neighbours,
    newest_first,
    stable_pages,
)

logger = logging.getLogger(__name__)

COPY_INFO = "samizdat.json"


class SitePagesGenerator(Generator):
    def generate_context(self):
        articles = self.context.get("articles", [])
        self.languages = by_language(
            articles, self.settings["SITE_PAGES_LANGUAGE_ORDER"]
        )
        self.context["site_languages"] = [lang for lang, _ in self.languages]

    def generate_output(self, writer):
        self.writer = writer
        latest = newest_first(self.context.get("articles", []))
        self._write(
            "index.html",
            "home",
            latest=latest[: self.settings["SITE_PAGES_HOME_LATEST"]],
        )
        self._write("search.html", "search")
        self._write("404.html", "404")
        if self.settings["SITE_PAGES_MIRRORS"]:
            self._write(
                "pages/mirrors.html",
                "mirrors",
                mirrors=self.settings["SITE_PAGES_MIRRORS"],
            )
        write_copy_info(self.output_path, self.context)
        for lang, articles in self.languages:
            months = by_month(articles)
            sources = by_source(articles)
            self._write_list(f"{lang}/index.html", "language", articles, lang_code=lang)
            self._write(
                f"{lang}/archive/index.html",
                "archives",
                lang_code=lang,
                months=months,
                sources=sources,
            )
            for month, items in months:
                self._write_list(
                    f"{lang}/archive/{month:%Y-%m}.html",
                    "month",
                    items,
                    lang_code=lang,
                    month=month,
                )
            for slug, name, items in sources:
                self._write_list(
                    f"{lang}/source/{slug}.html",
                    "source",
                    items,
                    lang_code=lang,
                    source=name,
                )
            self._write_feed(writer, lang, articles)

    def _write(self, name, template, **variables):
        self.writer.write_file(
            name,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            **variables,
        )

    def _write_list(self, name, template, articles, **variables):
        """The newest articles at `name`; all of them on numbered pages.

        Page links and labels never mention the page count, so an old page
        keeps its bytes when newer pages are added.
        """
        per_page = self.settings["SITE_PAGES_PER_PAGE"][template]
        pages = stable_pages(articles, per_page)
        stem = name[: -len(".html")]
        newest = len(pages)
        self._write(
            name,
            template,
            page_items=newest_first(articles)[:per_page],
            page_number=None,
            newer_url=None,
            older_url=f"{stem}-p{newest - 1}.html" if newest > 1 else None,
            **variables,
        )
        if newest == 1:
            return
        for number, items in enumerate(pages, start=1):
            self._write(
                f"{stem}-p{number}.html",
                template,
                page_items=items,
                page_number=number,
                newer_url=f"{stem}-p{number + 1}.html" if number < newest else name,
                older_url=f"{stem}-p{number - 1}.html" if number > 1 else None,
                **variables,
            )

    def _write_feed(self, writer, lang, articles):
        pattern = self.settings["SITE_PAGES_FEED"]
        if not (self.settings.get("SITEURL") and pattern):
            return
        path = pattern.format(lang=lang)
        writer.write_feed(
            articles,
            self.context,
            path,
            feed_title=f"{self.settings['SITENAME']} ({lang})",
        )


def write_copy_info(output_path, context) -> None:
    """samizdat.json: what bundles sign and the verify page shows."""
    info = {
        "site": context["SITENAME"],
        "version": context["COPY_VERSION"],
        "date": context["BUILD_DATE"].isoformat(),
    }
    with open(os.path.join(output_path, COPY_INFO), "w", encoding="utf-8") as handle:
        json.dump(info, handle, ensure_ascii=False, sort_keys=True)
        handle.write("\n")


def write_sitemap(settings) -> None:
    """After every file is written: list the HTML pages in sitemap.xml."""
    siteurl, name = settings.get("SITEURL"), settings["SITE_PAGES_SITEMAP"]
    if not (siteurl and name):
        return
    output = settings["OUTPUT_PATH"]
    paths = [
        os.path.relpath(os.path.join(folder, file), output).replace(os.sep, "/")
        for folder, _, files in os.walk(output)
        for file in files
        if file.endswith(".html")
    ]
    with open(os.path.join(output, name), "w", encoding="utf-8") as handle:
        handle.write(sitemap_xml(siteurl, paths))
    logger.info("Sitemap of %d pages: %s", len(paths), name)


def link_articles(article_generator) -> None:
    link_neighbours(article_generator.articles)
