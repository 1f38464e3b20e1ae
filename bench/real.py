"""How much article text the reader keeps and how much chrome it drops, on real pages.

Scores the reader against the truth files of the shared real-world corpora
(``../shared/corpora/real``, see its README): for each page, the strings of
the article that must survive (``must``) and the boilerplate that must go
(``mustnot``), compared with whitespace collapsed, NFC, U+00A0 as a space and
U+00AD dropped. The text scored is what an article page shows of the record
the build publishes: title, standfirst, captions and paragraphs (never the
navigation the theme adds). A skipped file keeps nothing and drops everything.

The yardstick, measured in the same run, is the input file itself (every
line kept): what share of the boilerplate the reader removes that a copy of
the input would keep, and what share of the article it loses.

The pages are split into two halves by a hash of their file name: the
development half (tune on it) and the held-out half (the figures that
count). Both are printed; README gives the held-out ones.

    python bench/real.py [CORPUS] [--sets chrome-wide,chrome-tf] [--show]
        [--half development|held-out] [--quarters] [--held-out-quarters]
        [--quarter A|B|C|D] [--tf-lines]

``--half development`` prints the tuning half alone (look at the held-out
figures rarely, or they stop being held out). ``--quarters`` splits the
development half again, by the parity of the second byte of the same hash,
into quarters A and B: tune on one, check on the other, and prefer rules
that help both (an estimate of how a change carries to pages not seen,
without looking at the held-out half). ``--held-out-quarters`` splits the
held-out half by the same second byte into quarter C, inspected and tuned
on since the fifth round, and quarter D, never inspected: the only pages
the rules have not seen. ``--quarter X`` prints one quarter alone.
``--show`` lists lost article strings, boilerplate left ("left") and
doubtful sources of the development half and of quarter C only, never of
D nor of the held-out half as a whole. ``--tf-lines`` adds a denser
yardstick for ``chrome-wide``: the lines of each page that trafilatura keeps
(``chrome-tf``) and the reader drops, and apart from them the list items
(compared without their marker, "- " in trafilatura's text, "• " in w3m's).

Sets scored: ``chrome-wide`` (w3m dumps), ``chrome-tf`` (trafilatura
output) by default; ``--sets langs`` adds the ten-language documents
(paragraphs kept, real headlines found; the "article strings" row counts
paragraphs there and "boilerplate" is empty). A headline is found when the
published title equals the real one as every title is shown (invisible
characters such as the U+200B of Khmer text removed, shown_text.py); the
character-for-character share is printed too. ``html`` is not scored here
yet: register a function in SCORERS (it gets the unpacked folder, the truth
mapping and the records analyse_tree returns, and returns a Tally per half).
Nothing in the project imports this file or the corpus.
"""

import argparse
import hashlib
import json
import re
import sys
import tarfile
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from article_reader.analysis import analyse_tree  # noqa: E402
from article_reader.article_analysis import FIELD_MAX_CHARS  # noqa: E402
from article_reader.names import is_name_like  # noqa: E402
from article_reader.records import PUBLISHED  # noqa: E402
from article_reader.settings import ReaderOptions  # noqa: E402
from article_reader.shown_text import clean_shown  # noqa: E402

# ../shared/corpora/real from the repository (or from a worktree's parents).
DEFAULT_CORPUS = next(
    (
        folder / "shared" / "corpora" / "real"
        for folder in ROOT.parents
        if (folder / "shared" / "corpora" / "real").is_dir()
    ),
    ROOT.parent / "shared" / "corpora" / "real",
)
HALVES = ("development", "held-out")
QUARTERS = ("development A", "development B")
HELD_OUT_QUARTERS = ("held-out C", "held-out D")
# The groups whose lost and left strings --show may print: the development
# half, its quarters and held-out quarter C (inspected since the fifth
# round). Never the held-out half as a whole, never quarter D.
INSPECTED = (HALVES[0], *QUARTERS, HELD_OUT_QUARTERS[0])


def normalise(text: str) -> str:
    """The corpus README's comparison form."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return " ".join(text.replace("\u00ad", "").split())


def half_of(name: str) -> str:
    """Deterministic split: parity of the first byte of the name's SHA-256."""
    return HALVES[hashlib.sha256(name.encode()).digest()[0] % 2]


def quarter_of(name: str) -> str:
    """The development half split again: parity of the second byte (the
    held-out half stays whole)."""
    half = half_of(name)
    if half != HALVES[0]:
        return half
    return QUARTERS[hashlib.sha256(name.encode()).digest()[1] % 2]


def held_out_quarter_of(name: str) -> str:
    """The held-out half split by the same second byte: quarter C (now
    inspected, tuned on) and quarter D (never inspected); the development
    half stays whole."""
    half = half_of(name)
    if half != HALVES[1]:
        return half
    return HELD_OUT_QUARTERS[hashlib.sha256(name.encode()).digest()[1] % 2]


def article_text(record) -> str:
    if record.status != PUBLISHED:
        return ""
    parts = [record.title, record.standfirst or "", *record.captions]
    return normalise("\n".join([*parts, *record.paragraphs]))


def unpack(archive: Path, into: Path) -> tuple[Path, dict]:
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="fully_trusted")
    name = archive.name.removesuffix(".tar.xz")
    truth = json.loads((into / f"{name}.truth.json").read_text(encoding="utf-8"))
    return into / name, truth


class Tally:
    def __init__(self) -> None:
        self.must = self.kept = self.mustnot = self.removed = 0
        self.input_kept = self.input_removed = 0
        self.sources = {"header": 0, "text": 0, "none": 0}
        self.junk_sources: list[tuple[str, str]] = []
        self.lost: list[tuple[str, str]] = []
        self.left: list[tuple[str, str]] = []  # boilerplate kept
        self.pages = 0

    def add(self, name: str, entry: dict, record, input_text: str) -> None:
        self.pages += 1
        text = article_text(record)
        source_text = normalise(input_text)
        for string in map(normalise, entry.get("must", [])):
            self.must += 1
            self.kept += string in text
            self.input_kept += string in source_text
            if string not in text:
                self.lost.append((name, string))
        for string in map(normalise, entry.get("mustnot", [])):
            self.mustnot += 1
            self.removed += string not in text
            self.input_removed += string not in source_text
            if string in text:
                self.left.append((name, string))
        if record.status != PUBLISHED or not record.source:
            self.sources["none"] += 1
        elif record.source_from == "header":
            self.sources["header"] += 1
        else:
            self.sources["text"] += 1
            # The yardstick for a publisher taken from text: a name the
            # page's own domain or gold author supports, else listed.
            if not _supported_source(record.source, entry):
                self.junk_sources.append((name, record.source))


def _supported_source(source: str, entry: dict) -> bool:
    letters = re.sub(r"[^a-z0-9]", "", source.casefold())
    domain = (entry.get("domain") or "").casefold().split(".")
    stems = [part for part in domain if len(part) > 2 and part not in ("www", "com")]
    if any(stem in letters or letters in stem for stem in stems if letters):
        return True
    return is_name_like(source) and source in (entry.get("author") or "")


def score_chrome(folder: Path, truth: dict, records: dict, group_of) -> dict:
    """{group (a half or a quarter): Tally}; ``group_of(name)`` names it."""
    tallies = defaultdict(Tally)
    for name, entry in sorted(truth.items()):
        input_text = (folder / name).read_text(encoding="utf-8", errors="replace")
        tallies[group_of(name)].add(name, entry, records[name], input_text)
    return tallies


class LangsTally(Tally):
    """langs: real headlines found, paragraphs kept (chrome lines excepted)."""

    def __init__(self) -> None:
        super().__init__()
        self.titles = self.titles_right = self.titles_exact = 0

    def add(self, name: str, entry: dict, record, input_text: str) -> None:
        self.pages += 1
        text = article_text(record)
        recurring = {normalise(line) for line in entry.get("recurring_lines", [])}
        for paragraph in map(normalise, entry.get("paras", [])):
            if paragraph in recurring:
                continue
            self.must += 1
            self.kept += paragraph in text
            self.input_kept += paragraph in normalise(input_text)
            if paragraph not in text:
                self.lost.append((name, paragraph))
        if entry.get("title_source") == "article":
            self.titles += 1
            # Every published title goes through shown_text.clean_shown
            # (invisible characters such as U+200B removed, cut at the
            # title's limit): the headline is found when the reader chose
            # the line, compared in that shown form.
            shown, _ = clean_shown(entry["title"], FIELD_MAX_CHARS["title"])
            self.titles_right += normalise(record.title) == normalise(shown)
            self.titles_exact += normalise(record.title) == normalise(entry["title"])


def score_langs(folder: Path, truth: dict, records: dict, group_of) -> dict:
    tallies = defaultdict(LangsTally)
    for name, entry in sorted(truth.items()):
        input_text = (folder / name).read_text(encoding="utf-8", errors="replace")
        tallies[group_of(name)].add(name, entry, records[name], input_text)
    return tallies


# List items: trafilatura writes "- item", w3m "• item" (or "□", "*"...);
# both are compared without the marker.
_LIST_MARKER = re.compile(
    r"^(?:[\u2022\u25a1\u25e6\u25aa\u25cf\u25cb\u25a0\u25ba\u25b8\u25ce\u2605\u2606"
    r"\u00b7*+\u2013-])\s+"
)


def trafilatura_lines_dropped(
    folder: Path, tf_folder: Path, truth: dict, records: dict, group_of
) -> dict[str, tuple[int, int, int, int]]:
    """A denser yardstick than ``must`` for the w3m dumps: the lines of the
    same page that trafilatura keeps (the body of its ``chrome-tf`` file)
    and that appear as a whole line in the dump. Returns {group: (lines the
    reader drops, lines in all, list items the reader drops, list items in
    all)}; a dropped line is a loss to explain. List items are the lines
    that only match once the list marker is set aside on both sides
    (trafilatura's "- ", w3m's "• "): the first count leaves them out."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for name in sorted(truth):
        kept = article_text(records[name])
        dump_lines = [
            normalise(line)
            for line in (folder / name).read_text(errors="replace").splitlines()
        ]
        dump = set(dump_lines)
        extracted = (tf_folder / name).read_text(errors="replace")
        body = extracted.split("\n---\n", 1)[-1]
        tf_lines = {normalise(line) for line in body.splitlines()} - {""}
        lines = tf_lines & dump
        dump_items = {_LIST_MARKER.sub("", line) for line in dump_lines} - dump
        items = {
            item
            for line in tf_lines - lines
            if (item := _LIST_MARKER.sub("", line)) in dump_items and item
        }
        count = counts[group_of(name)]
        count[0] += sum(line not in kept for line in lines)
        count[1] += len(lines)
        count[2] += sum(item not in kept for item in items)
        count[3] += len(items)
    return {group: tuple(count) for group, count in counts.items()}


SCORERS = {"chrome-wide": score_chrome, "chrome-tf": score_chrome, "langs": score_langs}


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:6.2f} %" if whole else "   n/a"


def report(set_name: str, tallies: dict[str, Tally], show: bool, halves=HALVES) -> None:
    for half in halves:
        tally = tallies[half]
        part = "quarter" if half in (*QUARTERS, *HELD_OUT_QUARTERS) else "half"
        print(f"{set_name} / {half} {part} ({tally.pages} pages)")
        print(
            f"  article strings kept:     {percent(tally.kept, tally.must)}"
            f"  ({tally.kept}/{tally.must}; input itself "
            f"{percent(tally.input_kept, tally.must).strip()})"
        )
        print(
            f"  boilerplate removed:      {percent(tally.removed, tally.mustnot)}"
            f"  ({tally.removed}/{tally.mustnot}; input itself "
            f"{percent(tally.input_removed, tally.mustnot).strip()})"
        )
        print(
            f"  sources: {tally.sources['header']} from metadata, "
            f"{tally.sources['text']} from text, {tally.sources['none']} none; "
            f"{len(tally.junk_sources)} from text not supported by the domain"
        )
        if isinstance(tally, LangsTally):
            print(
                "  real headlines found:     "
                f"{percent(tally.titles_right, tally.titles)}"
                f"  ({tally.titles_right}/{tally.titles}; character for character "
                f"{percent(tally.titles_exact, tally.titles).strip()})"
            )
        if show and half in INSPECTED:  # details of the tuning data only
            for name, source in tally.junk_sources:
                print(f"    source? {name}: {source!r}")
            for name, string in tally.lost:
                print(f"    lost {name}: {string[:100]!r}")
            for name, string in tally.left:
                print(f"    left {name}: {string[:100]!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sets", default="chrome-wide,chrome-tf")
    parser.add_argument(
        "--show", action="store_true", help="list lost strings and doubtful sources"
    )
    parser.add_argument("--half", choices=HALVES, help="print this half only")
    parser.add_argument(
        "--quarters",
        action="store_true",
        help="print the development half as two quarters, A and B",
    )
    parser.add_argument(
        "--held-out-quarters",
        action="store_true",
        help="print the held-out half as two quarters, C (inspected) and D (unseen)",
    )
    parser.add_argument(
        "--quarter",
        choices=("A", "B", "C", "D"),
        help="print this quarter only (C: the inspected held-out quarter)",
    )
    parser.add_argument(
        "--tf-lines",
        action="store_true",
        help="chrome-wide: count the lines trafilatura keeps that the reader drops",
    )
    args = parser.parse_args()
    split_development = args.quarters or args.quarter in ("A", "B")
    split_held_out = args.held_out_quarters or args.quarter in ("C", "D")

    def group_of(name: str) -> str:
        half = half_of(name)
        if half == HALVES[0] and split_development:
            return quarter_of(name)
        if half == HALVES[1] and split_held_out:
            return held_out_quarter_of(name)
        return half

    halves = (args.half,) if args.half else HALVES
    halves = tuple(
        group
        for half in halves
        for group in (
            QUARTERS
            if half == HALVES[0] and split_development
            else HELD_OUT_QUARTERS
            if half == HALVES[1] and split_held_out
            else (half,)
        )
    )
    if args.quarter:
        halves = tuple(group for group in halves if group.endswith(f" {args.quarter}"))
    with tempfile.TemporaryDirectory(prefix="samizdat-real-") as scratch:
        for set_name in args.sets.split(","):
            if set_name not in SCORERS:
                parser.error(f"no scorer for {set_name!r}; known: {sorted(SCORERS)}")
            folder, truth = unpack(args.corpus / f"{set_name}.tar.xz", Path(scratch))
            records = analyse_tree(str(folder), sorted(truth), ReaderOptions())
            tallies = SCORERS[set_name](folder, truth, records, group_of)
            report(set_name, tallies, args.show, halves)
            if args.tf_lines and set_name == "chrome-wide":
                tf_folder, _ = unpack(args.corpus / "chrome-tf.tar.xz", Path(scratch))
                dropped = trafilatura_lines_dropped(
                    folder, tf_folder, truth, records, group_of
                )
                for group in halves:
                    lost, total, lost_items, items = dropped.get(group, (0, 0, 0, 0))
                    print(
                        f"chrome-wide / {group}: lines trafilatura keeps that the "
                        f"reader drops: {lost}/{total} "
                        f"({percent(lost, total).strip()}); list items: "
                        f"{lost_items}/{items} ({percent(lost_items, items).strip()})"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
