"""What the reader makes of each input: one ArticleRecord per article.

A record is plain data: the analysis fills it (article_analysis.py), the
tree-wide checks finish it (analysis.resolve_across_tree), the build cache
pickles it (build_cache.py), the report lists it (report.py) and the reader
hands its values to Pelican (reader.py).

Data shapes:
    ArticleRecord: one input file (or one page of a crawl); status
        PUBLISHED ("published") or SKIPPED ("skipped", with its reason)
"""

from dataclasses import dataclass, field
from datetime import datetime

from .captures import Capture
from .chrome import RemovedLine

PUBLISHED = "published"
SKIPPED = "skipped"


@dataclass(slots=True)
class ArticleRecord:
    path: str  # relative to the content root, "/" separated
    status: str = PUBLISHED
    reason: str | None = None  # why skipped
    shape: str = "bare"  # bare, pelican, front-matter, html or warc
    title: str = ""
    title_source: str = ""  # header, headline, first paragraph
    lang: str = ""
    lang_source: str = ""  # header, folder, detected from the text, not identified
    direction: str = "ltr"
    date: datetime | None = None
    date_source: str = ""  # header, file modification time
    source: str | None = None
    source_from: str | None = None  # header, trailing block
    source_note: str = ""  # why this source, or why none (for the report)
    standfirst: str | None = None  # the header's summary, shown above the body
    slug: str = ""
    captions: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    # author, url, tags...: strings, or lists of strings for list values
    extra: dict[str, str | list[str]] = field(default_factory=dict)
    removed: list[RemovedLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    capture: Capture | None = None  # HTML and WARC inputs: URL, date, offset

    def skip(self, reason: str, warn: bool = True) -> "ArticleRecord":
        """Mark skipped; `warn=False` for files expected beside the input
        (a saved page's images), which the report lists without a warning."""
        self.status = SKIPPED
        self.reason = reason
        if warn:
            self.warnings.append(f"skipped: {reason}")
        return self
