"""Synthetic article trees for benchmarks and size-budget tests.

Data shape:
    write_corpus(folder: Path, count: int, *, markdown_folder: Path | None,
                 seed: int) -> None
        writes `count` article files in the seed's shape (navigation lines,
        caption twice, paragraphs, indented publisher block) to `folder`, in
        several languages and over twelve months (all on `date` if given);
        with `markdown_folder`, the same articles as Pelican Markdown too.
    article_text(rng, number, lang, paragraph_counts, vocabulary="small")
        -> (title, caption, paragraphs): one generated article's text
        (bench/scale_corpus.py too), its words drawn from VOCABULARY
        ("small") or from bench/search.py's pseudo-words ("realistic")
    pelican_build(content, output, epoch=None, plugins=None, settings=None)
        -> seconds: one build in its own process, with this project's
        pelicanconf.py or the given settings file (publishconf.py)
    pelican_command(content, output, epoch=None, plugins=None, settings=None,
                    overrides=None)
        -> (argv, environment) of that build
"""

import functools
import json
import os
import random
import subprocess
import time
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A few words per script, enough for text of the right shape and size.
VOCABULARY = {
    "en": "the of in to and said officials residents province party market police "
    "river village government reporters according source week month authorities "
    "families workers local national border trade prices water election court",
    "vi": "nhà báo chính quyền người dân tỉnh công an đất đai nông dân nước "
    "mặn bầu cử mạng xã hội gia đình tòa án kênh rạch lúa giá cả",
    "ko": "북한 당국 주민 장마당 공무원이 소식통 단속 상인 식량 국경 휴대전화 "
    "보위부 탈북민 가족 중국 공안 체포 강제북송 인권단체",
    "zh-Hans": "当局 僧人 寺院 拘留 消息 境外 人权 组织 棉农 价格 审查 账号 "
    "用户 政府 地方 官员 新闻 记者 网络",
    "ug": "ئوقۇغۇچى ساقچى ھۆكۈمەت ئاھالە كىتاب كۇتۇپخانا تىل شەھەر ئۆي "
    "مەدەنىيەت ئارخىپ خەۋەر تۇتقۇن",
}
MONTHS = 12
# "small": VOCABULARY, a few words a language: text of the right shape and
# size, but a search index with few distinct terms and pairs. "realistic":
# REALISTIC_WORDS pseudo-words a language from bench/search.py's generator,
# drawn Zipf-distributed as there: the vocabulary of real news, which is
# what makes a search index (and the build's memory) big.
VOCABULARIES = ("small", "realistic")
REALISTIC_WORDS = 4000
ZIPF_EXPONENT = 1.05


@functools.cache
def word_pool(lang: str, vocabulary: str = "small") -> tuple[tuple, tuple | None]:
    """(words, cumulative Zipf weights or None for uniform draws) of `lang`."""
    if vocabulary == "small":
        return tuple(VOCABULARY[lang].split()), None
    if vocabulary != "realistic":
        raise ValueError(f"vocabulary {vocabulary!r} is not one of {VOCABULARIES}")
    from search import vocabulary as pseudo_words  # search.py imports this module

    words = pseudo_words(lang, random.Random(f"vocabulary:{lang}"), REALISTIC_WORDS)
    ranks = range(len(words))
    return tuple(words), tuple(accumulate(1 / (r + 1) ** ZIPF_EXPONENT for r in ranks))


def draw(rng: random.Random, pool: tuple[tuple, tuple | None], count: int) -> list:
    words, cumulative = pool
    if cumulative is None:  # the draws the small corpus always made
        return [rng.choice(words) for _ in range(count)]
    return rng.choices(words, cum_weights=cumulative, k=count)


def sentence(rng: random.Random, pool: tuple, count: int, lang: str) -> str:
    joiner = "" if lang == "zh-Hans" else " "
    stop = "。" if lang == "zh-Hans" else "."
    text = joiner.join(draw(rng, pool, count))
    return text[0].upper() + text[1:] + stop


def article_text(
    rng: random.Random,
    number: int,
    lang: str,
    paragraph_counts: tuple[int, int],
    vocabulary: str = "small",
) -> tuple[str, str, list[str]]:
    """(title, caption, paragraphs) of generated article `number` in `lang`,
    drawn from `rng`; between paragraph_counts[0] and [1] paragraphs; words
    from `vocabulary` (one of VOCABULARIES)."""
    words = word_pool(lang, vocabulary)
    title = f"{number} " + " ".join(draw(rng, words, 7))
    caption = "FILE - " + sentence(rng, words, 16, lang)[:-1] + ","
    paragraphs = [
        " ".join(
            sentence(rng, words, rng.randint(10, 28), lang)
            for _ in range(rng.randint(1, 3))
        )
        for _ in range(rng.randint(*paragraph_counts))
    ]
    return title, caption, paragraphs


def write_corpus(
    folder: Path,
    count: int,
    *,
    markdown_folder: Path | None = None,
    seed: int = 1,
    date: str | None = None,
    vocabulary: str = "small",
) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    if markdown_folder:
        markdown_folder.mkdir(parents=True, exist_ok=True)
    languages = sorted(VOCABULARY)
    for number in range(count):
        lang = languages[number % len(languages)]
        title, caption, paragraphs = article_text(
            rng, number, lang, (8, 20), vocabulary
        )
        dated = date or f"2026-{1 + number % MONTHS:02d}-{1 + number % 28:02d}"
        name = f"{seed:02d}{number:05d}_{rng.getrandbits(64):016x}"
        header = f"Title: {title}\nDate: {dated}\nLang: {lang}\nSource: Bench Radio\n\n"
        body = "\n\n".join(
            [
                "Accessibility links",
                "Breaking News",
                title,
                f"{caption}\n{caption}",
                *paragraphs,
                "  \u2022 16x9 Image",
                "    Bench Radio",
                "    Bench Radio is an invented broadcaster used to time builds.",
            ]
        )
        # Half the files carry a header (dates over twelve months), half are
        # bare like the seed.
        text = header + body if number % 2 or date else body
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
        if markdown_folder:
            markdown = header + "\n\n".join([caption, *paragraphs])
            (markdown_folder / f"{name}.md").write_text(
                markdown + "\n", encoding="utf-8"
            )


def pelican_command(
    content: Path,
    output: Path,
    *,
    epoch: int | None = None,
    plugins=None,
    settings: Path | None = None,
    overrides: dict | None = None,
) -> tuple[list[str], dict[str, str]]:
    """The command and environment of one build with pelicanconf.py (or
    `settings`), with `overrides` (setting -> JSON value) given to -e."""
    # A cache of its own beside the output: a benchmark measures a full
    # build, never one that reuses another run's cache.
    extra = {"CACHE_PATH": f"{output}.cache", **(overrides or {})}
    if plugins is not None:
        extra["PLUGINS"] = plugins
    # The venv's python, not its pelican script: a script's first line names
    # the python of the venv it was installed into, which for a copied
    # venv (a clone's, a worktree's) runs another tree's plugins.
    command = [
        str(ROOT / ".venv" / "bin" / "python"),
        "-m",
        "pelican",
        str(content),
        "-o",
        str(output),
        "-s",
        str(settings or ROOT / "pelicanconf.py"),
        "-q",
        # All settings in one -e: Pelican keeps only the last -e given.
        "-e",
        *(f"{name}={json.dumps(value)}" for name, value in extra.items()),
    ]
    # Plugins import each other's modules (site_pages uses article_reader's
    # languages) even when a bench leaves one of them out of PLUGINS.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT / "bench")]),
    }
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    return command, env


def pelican_build(
    content: Path,
    output: Path,
    *,
    epoch: int | None = None,
    plugins=None,
    settings: Path | None = None,
) -> float:
    command, env = pelican_command(
        content, output, epoch=epoch, plugins=plugins, settings=settings
    )
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start
