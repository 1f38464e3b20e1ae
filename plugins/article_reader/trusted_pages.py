"""The site's own pages (about, verify): the only Markdown Pelican renders.

They are written by the site's maintainers, not scraped, and live in the
folder ARTICLE_READER_PAGES_PATH (content/pages/ of this repository). No
file of INPUTDIR reaches Pelican's Markdown reader unless it is inside that
folder: an input's `.md` file could otherwise publish raw HTML and set
``save_as``, ``url``, ``template`` or ``status`` (replace the home page).

Data shapes:
    page_files(folder: str, extensions) -> list[str]   absolute paths, sorted
    is_inside(path: str, folder: str) -> bool          after resolving links
"""

import html
import logging
import os

from pelican.readers import MarkdownReader

from .files import discover, display_path

logger = logging.getLogger(__name__)


def page_files(folder: str, extensions) -> list[str]:
    if not folder or not os.path.isdir(folder):
        return []
    return [os.path.join(folder, name) for name in discover(folder, extensions).files]


def is_inside(path: str, folder: str) -> bool:
    real_folder = os.path.realpath(folder)
    real_path = os.path.realpath(path)
    return os.path.commonpath([real_folder, real_path]) == real_folder


class TrustedPageReader(MarkdownReader):
    """Pelican's Markdown reader, refusing any file outside the pages folder."""

    def read(self, source_path):
        folder = self.settings.get("ARTICLE_READER_PAGES_PATH", "")
        if folder and is_inside(source_path, folder):
            return super().read(source_path)
        logger.warning(
            "%s: not read: Markdown is read only from ARTICLE_READER_PAGES_PATH",
            display_path(source_path),
        )
        return "", {"status": "skip", "title": html.escape(display_path(source_path))}
