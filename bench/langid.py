"""Language identification: per-language accuracy of the reader's identifier.

Yardstick, measured in the same run: py3langid alone (its best label over
all its languages, Chinese counted right whatever its script). Three sets,
each text written by people outside the project:

- langs: the shared corpus of real documents in the ten languages
  (../shared/corpora/real/langs.tar.xz). Split by the number that starts
  each file name: odd numbers were used to tune the rules, even numbers are
  held out; `--half held-out` (the default) reports on those only.
- pages: the shared chrome-tf web pages (front matter, `lang` truth: German,
  English, Spanish, Polish, French, Portuguese...), all of them (not tuned on).
- extracts: tests/fixtures/langid/<tag>.txt, one sample per line (sources
  in tests/fixtures/README.md), and any folder of such files given with
  --extracts (text whose licence keeps it out of the repository):
  <tag>.txt or <tag>.<source>.txt, one sample per line, or
  <tag>.<source>.tsv, "<sample id>\t<text>" per line, split by the id's
  hash, except a source named "tune..." (used to write the rules: the
  tune half whole) or "heldout..." (never tuned on: held out whole).
- man (--man, /usr/share/man by default): the machine's translated manual pages
  (manpages-l10n and the programs' own: de, es, fr, id, pl, pt, ru,
  sr-Cyrl, tr, uk; hr and ro as controls), rendered by man(1);
  paragraphs of ten words or more, mostly letters, grouped into samples
  of about 300 characters, up to MAX_MAN_SAMPLES per language spread over
  its pages. A sample with three or more English function words is
  dropped (a page translated in part). Running text by translators,
  never tuned on; split like gettext anyway.
- gettext (with --gettext /usr/share/locale): the machine's program
  translations, messages grouped into samples of about 300 characters.
  Interface text by translators, not news: it says whether a language is
  recognised at all, not how news in it fares. Split like langs: odd
  samples tuned on (the Serbian rules), even ones held out.

The sample given to the identifier is what the reader gives it: the title
and the first five paragraphs. "site" is what an article gets on a site
whose ARTICLE_READER_LANGUAGES are the defaults plus the sample's own
language (language.site_choice: Serbian, Croatian and Bosnian in Latin
letters are one confusable group, as are Indonesian and Malay); "alone"
is the identifier without the site's languages.

    .venv/bin/python bench/langid.py [--corpora ../shared/corpora/real]
        [--half held-out|tune|all] [--gettext /usr/share/locale]
        [--man /usr/share/man] [--extracts FOLDER ...]
"""

import argparse
import gettext
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from article_reader.identify import identify  # noqa: E402
from article_reader.language import (  # noqa: E402
    NEWSROOM_LANGUAGES,
    detect_language,
)
from samizdat_contract import SUPPORTED_LANGUAGES  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "langid"
PARAGRAPHS = 6  # the title and five paragraphs, as the reader samples
SAMPLE_CHARS = 300
MAX_GETTEXT_SAMPLES = 40
MAX_MAN_SAMPLES = 120
DEFAULT_SITE_LANGUAGES = (*SUPPORTED_LANGUAGES, *NEWSROOM_LANGUAGES)
ENGLISH_WORDS = frozenset(
    {"the", "and", "of", "to", "is", "be", "by", "this", "that", "with", "are"}
)

# Manual page folder -> the tag a correct identification gives. Croatian
# and Romanian are controls: languages outside the newsroom list that write
# letters Vietnamese also writes (đ, ă).
MAN_LOCALES = {
    "de": "de", "es": "es", "fr": "fr", "hr": "hr", "id": "id", "pl": "pl",
    "pt": "pt", "pt_BR": "pt", "ro": "ro", "ru": "ru", "sr": "sr-Cyrl",
    "tr": "tr", "uk": "uk",
}  # fmt: skip

# Locale folder -> the tag a correct identification gives.
GETTEXT_LOCALES = {
    "ar": "ar", "az": "az-Latn", "be": "be", "bn": "bn", "de": "de", "el": "el",
    "es": "es", "fa": "fa", "fr": "fr", "he": "he", "hi": "hi", "hr": "hr",
    "hy": "hy", "id": "id", "ka": "ka", "kk": "kk-Cyrl", "ky": "ky", "mk": "mk",
    "pl": "pl", "ps": "ps", "pt": "pt", "ru": "ru", "sr": "sr-Cyrl",
    "sr@latin": "sr-Latn", "ta": "ta", "tg": "tg", "th": "th", "tr": "tr",
    "ug": "ug", "uk": "uk", "uz": "uz-Latn", "uz@cyrillic": "uz-Cyrl", "yi": "yi",
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default=str(ROOT.parent / "shared/corpora/real"))
    halves = ("held-out", "tune", "all")
    parser.add_argument("--half", default="held-out", choices=halves)
    parser.add_argument("--gettext", default="")
    parser.add_argument("--man", default="/usr/share/man", help='"" to skip')
    parser.add_argument("--extracts", action="append", default=[])
    args = parser.parse_args()
    corpora = Path(args.corpora)
    samples = []  # (set, expected tag, text)
    samples += langs_samples(corpora / "langs.tar.xz", args.half)
    samples += page_samples(corpora / "chrome-tf.tar.xz")
    samples += extract_samples(FIXTURES, args.half)
    for folder in args.extracts:
        samples += extract_samples(Path(folder), args.half)
    # A fixture line that is also a sample of an extract folder counts once.
    samples = list(dict.fromkeys(samples))
    if args.man and Path(args.man).is_dir() and shutil.which("man"):
        samples += in_half(man_samples(Path(args.man)), args.half)
    if args.gettext:
        # Split by position, as when the Serbian rules were tuned on it.
        samples += [
            sample
            for index, sample in enumerate(gettext_samples(Path(args.gettext)))
            if args.half == "all" or (index % 2 == 1) == (args.half == "tune")
        ]

    model = baseline_identifier()
    identify("warm up: load the model before timing")
    # (set, tag) -> n, site, alone, yardstick
    scores = defaultdict(lambda: [0, 0, 0, 0])
    misses = defaultdict(list)
    ours_seconds = yardstick_seconds = 0.0
    for name, expected, text in samples:
        row = scores[(name, expected)]
        row[0] += 1
        opening, rest = opening_and_rest(text)
        started = time.perf_counter()
        identify(opening)
        ours_seconds += time.perf_counter() - started
        alone = detect_language(opening, (), rest).tag
        site_languages = (*DEFAULT_SITE_LANGUAGES, expected)
        site = detect_language(opening, site_languages, rest).tag
        if same_language(site, expected):
            row[1] += 1
        else:
            misses[(name, expected)].append(site)
        row[2] += same_language(alone, expected)
        started = time.perf_counter()
        label, _ = model.classify(opening)
        yardstick_seconds += time.perf_counter() - started
        row[3] += same_language(label, expected, loose=True)

    header = f"{'set':9} {'language':9} {'n':>4} {'site':>7} {'alone':>7}"
    print(f"{header} {'py3langid':>10}  misses (site)")
    for (name, expected), (n, site, alone, yardstick) in sorted(scores.items()):
        wrong = ", ".join(sorted(set(misses[(name, expected)])))
        ratios = f"{site / n:7.1%} {alone / n:7.1%} {yardstick / n:10.1%}"
        print(f"{name:9} {expected:9} {n:4} {ratios}  {wrong}")
    total = sum(row[0] for row in scores.values())
    print(
        f"{total} samples; ours {ours_seconds / total * 1000:.2f} ms each, "
        f"py3langid alone {yardstick_seconds / total * 1000:.2f} ms each "
        f"({ours_seconds / yardstick_seconds:.2f}x); langs half: {args.half}"
    )


def same_language(got: str, expected: str, loose: bool = False) -> bool:
    """Equal tags; a truth without a script ("zh", "de") accepts any script."""
    if got == expected:
        return True
    if "-" not in expected or loose:
        return got.split("-")[0] == expected.split("-")[0]
    return False


def corpus_members(tar: tarfile.TarFile) -> tuple[dict, dict]:
    """({file name: member}, {file name: truth entry}) of a corpus archive."""
    members = {Path(m.name).name: m for m in tar.getmembers() if m.isfile()}
    truth_name = next(name for name in members if name.endswith(".truth.json"))
    return members, json.load(tar.extractfile(members[truth_name]))


def langs_samples(archive: Path, half: str) -> list:
    if not archive.exists():
        print(f"no {archive}: skipping the ten-language corpus", file=sys.stderr)
        return []
    with tarfile.open(archive) as tar:
        members, truth = corpus_members(tar)
        samples = []
        for name in sorted(truth):
            odd = int(name.split("_")[0]) % 2 == 1
            if (half == "tune" and not odd) or (half == "held-out" and odd):
                continue
            text = tar.extractfile(members[name]).read().decode("utf-8")
            samples.append(("langs", truth[name]["lang"], text))
    return samples


def page_samples(archive: Path) -> list:
    if not archive.exists():
        print(f"no {archive}: skipping the web pages", file=sys.stderr)
        return []
    with tarfile.open(archive) as tar:
        members, truth = corpus_members(tar)
        samples = []
        for name in sorted(truth):
            if not truth[name].get("lang") or name not in members:
                continue
            text = tar.extractfile(members[name]).read().decode("utf-8", "replace")
            if text.startswith("---"):
                text = text.split("---", 2)[-1]
            samples.append(("pages", truth[name]["lang"], text))
    return samples


def extract_samples(folder: Path, half: str) -> list:
    """Samples of <tag>[.<source>].txt and <tag>.<source>.tsv files.

    .txt files are reported whole, as before any split; .tsv samples are
    split by their id's hash (is_tune), a source named "tune..." is the
    tune half whole and one named "heldout..." the held-out half whole.
    """
    samples = []
    for path in sorted(folder.glob("*.txt")):
        tag = path.name.split(".")[0]
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                samples.append(("extracts", tag, line.strip()))
    for path in sorted(folder.glob("*.tsv")):
        tag, source = path.name.split(".")[:2]
        rows = [
            line.split("\t", 1)
            for line in path.read_text(encoding="utf-8").splitlines()
            if "\t" in line
        ]
        if source.startswith(("tune", "heldout")):
            if half == "all" or source.startswith("tune") == (half == "tune"):
                samples += [("extracts", tag, text.strip()) for _, text in rows]
            continue
        samples += [
            ("extracts", tag, text.strip())
            for key, text in rows
            if half == "all" or is_tune(key) == (half == "tune")
        ]
    return samples


def is_tune(key: str) -> bool:
    """The tune half: an odd first byte of the key's SHA-1."""
    return hashlib.sha1(key.encode("utf-8")).digest()[0] % 2 == 1


def in_half(samples: list, half: str) -> list:
    return [
        sample
        for sample in samples
        if half == "all" or is_tune(sample[2]) == (half == "tune")
    ]


def man_samples(folder: Path) -> list:
    """Prose samples of each language's manual pages (see the docstring)."""
    env = dict(os.environ, MANWIDTH="4000", LANG="C.UTF-8")
    samples = []
    for locale, tag in sorted(MAN_LOCALES.items()):
        found = []
        for page in sorted((folder / locale).rglob("*.gz")):
            rendered = subprocess.run(
                ["man", "-l", str(page)], capture_output=True, env=env, check=False
            ).stdout
            plain = subprocess.run(
                ["col", "-b"], input=rendered, capture_output=True, check=False
            ).stdout.decode("utf-8", "replace")
            chunk = []
            for line in plain.splitlines():
                if prose(line):
                    chunk.append(" ".join(line.split()))
                if sum(map(len, chunk)) >= SAMPLE_CHARS:
                    text = " ".join(chunk)
                    words = text.lower().split()
                    if sum(word in ENGLISH_WORDS for word in words) < 3:
                        found.append(("man", tag, text))
                    chunk = []
        step = max(1, len(found) // MAX_MAN_SAMPLES)
        samples += found[::step][:MAX_MAN_SAMPLES]
    return samples


def prose(line: str) -> bool:
    """A rendered line of running text: ten words or more, mostly letters,
    not an option list."""
    words = line.split()
    if len(words) < 10 or words[0].startswith("-"):
        return False
    if sum(word.startswith("-") for word in words) > 1:
        return False
    letters = sum(char.isalpha() for char in line)
    return letters >= 0.7 * sum(not char.isspace() for char in line)


def gettext_samples(folder: Path) -> list:
    samples = []
    for locale, tag in sorted(GETTEXT_LOCALES.items()):
        messages = []
        for mo in sorted((folder / locale / "LC_MESSAGES").glob("*.mo")):
            if mo.name.startswith("iso_"):
                continue  # names of countries and languages, not sentences
            with mo.open("rb") as handle:
                try:
                    catalog = gettext.GNUTranslations(handle)._catalog
                except (OSError, UnicodeDecodeError):
                    continue
            for key, value in sorted(catalog.items(), key=str):
                original = key[0] if isinstance(key, tuple) else key
                if (
                    isinstance(value, str)
                    and original
                    and value != original
                    and len(value) >= 40
                    and not any(mark in value for mark in "%{\\<")
                ):
                    messages.append(" ".join(value.split()))
        chunk = ""
        for message in messages:
            chunk = f"{chunk} {message}".strip()
            if len(chunk) >= SAMPLE_CHARS:
                samples.append(("gettext", tag, chunk))
                chunk = ""
                if sum(s[1] == tag for s in samples) >= MAX_GETTEXT_SAMPLES:
                    break
    return samples


def opening_and_rest(text: str) -> tuple[str, str]:
    """The reader's sample (title and five paragraphs), and what follows."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n".join(lines[:PARAGRAPHS]), "\n".join(lines[PARAGRAPHS:])


def baseline_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


if __name__ == "__main__":
    main()
