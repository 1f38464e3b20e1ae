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
  --extracts (text whose licence keeps it out of the repository).
- gettext (with --gettext /usr/share/locale): the machine's program
  translations, messages grouped into samples of about 300 characters.
  Interface text by translators, not news: it says whether a language is
  recognised at all, not how news in it fares. Split like langs: odd
  samples tuned on (the Serbian rules), even ones held out.

The sample given to the identifier is what the reader gives it: the title
and the first five paragraphs.

    .venv/bin/python bench/langid.py [--corpora ../shared/corpora/real]
        [--half held-out|tune|all] [--gettext /usr/share/locale]
        [--extracts FOLDER]
"""

import argparse
import gettext
import json
import sys
import tarfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from article_reader.identify import identify  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "langid"
PARAGRAPHS = 6  # the title and five paragraphs, as the reader samples
SAMPLE_CHARS = 300
MAX_GETTEXT_SAMPLES = 40

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
    parser.add_argument("--extracts", default="")
    args = parser.parse_args()
    corpora = Path(args.corpora)
    samples = []  # (set, expected tag, text)
    samples += langs_samples(corpora / "langs.tar.xz", args.half)
    samples += page_samples(corpora / "chrome-tf.tar.xz")
    samples += extract_samples(FIXTURES)
    if args.extracts:
        samples += extract_samples(Path(args.extracts))
    if args.gettext:
        samples += [
            sample
            for index, sample in enumerate(gettext_samples(Path(args.gettext)))
            if args.half == "all" or (index % 2 == 1) == (args.half == "tune")
        ]

    model = baseline_identifier()
    identify("warm up: load the model before timing")
    scores = defaultdict(lambda: [0, 0, 0])  # (set, tag) -> n, ours, yardstick
    misses = defaultdict(list)
    ours_seconds = yardstick_seconds = 0.0
    for name, expected, text in samples:
        row = scores[(name, expected)]
        row[0] += 1
        started = time.perf_counter()
        got = identify(text).tag
        ours_seconds += time.perf_counter() - started
        if same_language(got, expected):
            row[1] += 1
        else:
            misses[(name, expected)].append(got)
        started = time.perf_counter()
        label, _ = model.classify(text)
        yardstick_seconds += time.perf_counter() - started
        row[2] += same_language(label, expected, loose=True)

    print(f"{'set':9} {'language':9} {'n':>4} {'ours':>7} {'py3langid':>10}  misses")
    for (name, expected), (n, ours, yardstick) in sorted(scores.items()):
        wrong = ", ".join(sorted(set(misses[(name, expected)])))
        ratios = f"{ours / n:7.1%} {yardstick / n:10.1%}"
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
            samples.append(("langs", truth[name]["lang"], first_paragraphs(text)))
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
            samples.append(("pages", truth[name]["lang"], first_paragraphs(text)))
    return samples


def extract_samples(folder: Path) -> list:
    samples = []
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                samples.append(("extracts", path.stem, line.strip()))
    return samples


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


def first_paragraphs(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n".join(lines[:PARAGRAPHS])


def baseline_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


if __name__ == "__main__":
    main()
