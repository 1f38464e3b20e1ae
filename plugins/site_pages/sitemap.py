"""sitemap.xml for a copy published at a known address (SITEURL set).

Data shape:
    sitemap_xml(siteurl: str, paths: Iterable[str], excluded: set[str]) -> str
        paths are "/"-separated and relative to the output folder; excluded
        are pages that are not content (the search form, the 404 page)
"""

from collections.abc import Iterable
from urllib.parse import quote
from xml.sax.saxutils import escape


def sitemap_xml(siteurl: str, paths: Iterable[str], excluded: set[str]) -> str:
    base = siteurl.rstrip("/")
    entries = [
        f"<url><loc>{escape(base + '/' + quote(path))}</loc></url>"
        for path in sorted(paths)
        if path not in excluded
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(entries)
        + "\n</urlset>\n"
    )
