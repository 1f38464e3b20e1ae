"""Reading saved pages and WARC crawls: quality, speed and memory.

Quality: the 480 real pages of html.tar.xz (corpus README) are split by
sorted file name: even positions are the development half (settings were
chosen on it), odd positions the held-out half. Each half is read as a
folder of saved pages by the reader (trafilatura plus the tree-wide chrome
census) and scored as the corpus README says: the share of `must` strings
kept and of `mustnot` strings removed, in the article as published (title,
captions, paragraphs). The yardstick is trafilatura alone (its defaults,
with the title), on the same pages in the same run.

Speed and memory: a WARC of N pages (the corpus pages under distinct URLs,
each with its request record, plus a redirect, a stylesheet and an image per
ten pages) is written with warcio into a temporary folder and read by the
reader in a child process: pages per second and the child's peak resident
memory, against trafilatura alone reading the same pages from files.

    python bench/ingest.py [--corpus html.tar.xz] [--pages 480] [--variants]
"""

import argparse
import io
import json
import logging
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

DEFAULT_CORPUS = "/work/shared/corpora/real/html.tar.xz"
VARIANTS = {
    "balanced (default)": {},
    "favor_precision": {"favor_precision": True},
    "favor_recall": {"favor_recall": True},
    "balanced + comments": {"include_comments": True},
    "balanced, no tables": {"include_tables": False},
}


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return " ".join(text.replace("\u00ad", "").split())


def score(texts: dict[str, str], truth: dict[str, dict]) -> tuple[float, float]:
    """(share of must strings kept, share of mustnot strings removed)."""
    kept = must = removed = mustnot = 0
    for name, text in texts.items():
        text = normalise(text)
        for string in truth[name]["must"]:
            must += 1
            kept += normalise(string) in text
        for string in truth[name]["mustnot"]:
            mustnot += 1
            removed += normalise(string) not in text
    return kept / must, removed / mustnot


def halves(names: list[str]) -> dict[str, list[str]]:
    ordered = sorted(names)
    return {"development": ordered[0::2], "held-out": ordered[1::2]}


def reader_texts(folder: Path, names: list[str], extract=None) -> dict[str, str]:
    from article_reader.analysis import analyse_tree
    from article_reader.html_input import ExtractOptions
    from article_reader.inputs import PageOptions
    from article_reader.records import PUBLISHED
    from article_reader.settings import ReaderOptions

    options = ReaderOptions(pages=PageOptions(extract=extract or ExtractOptions()))
    records = analyse_tree(str(folder), names, options)
    texts = {}
    for name in names:
        record = records[name]
        parts = [record.title, *record.captions, *record.paragraphs]
        texts[name] = "\n".join(parts) if record.status == PUBLISHED else ""
    return texts


def trafilatura_texts(folder: Path, names: list[str]) -> dict[str, str]:
    import trafilatura

    texts = {}
    for name in names:
        document = trafilatura.bare_extraction(
            (folder / name).read_bytes(), with_metadata=True
        )
        texts[name] = (
            f"{document.title or ''}\n{document.text or ''}" if document else ""
        )
    return texts


def quality(corpus: Path, truth: dict, variants: bool) -> None:
    from article_reader.html_input import ExtractOptions

    print("Quality (must kept / mustnot removed), trafilatura 2.3.1 as yardstick")
    for half, names in halves(list(truth)).items():
        folder = corpus / half
        folder.mkdir()
        for name in names:
            os.link(corpus / "html" / name, folder / name)
        if variants and half == "development":
            for label, settings in VARIANTS.items():
                kept, removed = score(
                    reader_texts(folder, names, ExtractOptions(**settings)), truth
                )
                print(f"  {half:11} reader, {label:22} {kept:6.1%} {removed:6.1%}")
        kept, removed = score(reader_texts(folder, names), truth)
        base_kept, base_removed = score(trafilatura_texts(folder, names), truth)
        print(
            f"  {half:11} ({len(names)} pages): reader {kept:.1%} kept, "
            f"{removed:.1%} removed; trafilatura alone {base_kept:.1%} kept, "
            f"{base_removed:.1%} removed; ratio {kept / base_kept:.3f} kept, "
            f"{removed / base_removed:.3f} removed"
        )


def write_warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number, (url, body) in enumerate(pages):
            request = writer.create_warc_record(
                url,
                "request",
                http_headers=StatusAndHeaders(
                    "GET / HTTP/1.1", [("Host", "x")], is_http_request=True
                ),
            )
            writer.write_record(request)
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], "HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )
            if number % 10 == 0:
                for status, kind, payload in (
                    ("301 Moved", "text/html", b""),
                    ("200 OK", "text/css", b"body{}" * 100),
                    ("200 OK", "image/png", b"\x89PNG" + b"0" * 5000),
                ):
                    headers = StatusAndHeaders(
                        status, [("Content-Type", kind)], "HTTP/1.1"
                    )
                    writer.write_record(
                        writer.create_warc_record(
                            f"{url}/asset-{kind.replace('/', '-')}",
                            "response",
                            payload=io.BytesIO(payload),
                            http_headers=headers,
                        )
                    )


def child(mode: str, folder: str) -> None:
    """Run in a fresh process; print {"pages", "seconds", "peak_kib"}."""
    logging.disable(logging.WARNING)
    started = time.perf_counter()
    if mode == "warc":
        from article_reader.analysis import analyse_tree
        from article_reader.records import PUBLISHED
        from article_reader.settings import ReaderOptions

        records = analyse_tree(folder, ["crawl.warc.gz"], ReaderOptions())
        pages = sum(1 for record in records.values() if record.status == PUBLISHED)
    else:
        names = sorted(os.listdir(folder))
        pages = sum(
            1 for text in trafilatura_texts(Path(folder), names).values() if text
        )
    seconds = time.perf_counter() - started
    print(json.dumps({"pages": pages, "seconds": seconds, "peak_kib": own_peak_kib()}))


def own_peak_kib() -> int:
    """This process' peak resident memory since its exec(), in KiB.

    Not getrusage's ru_maxrss: Linux carries the peak of the image a
    process replaced at exec() into it, so a child started from this bench
    once it held the corpus reported the bench's own size.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def run_child(mode: str, folder: Path) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(folder)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def speed(corpus: Path, truth: dict, count: int) -> None:
    names = sorted(truth)
    pages = []
    files = corpus / "pages"
    files.mkdir()
    for number in range(count):
        name = names[number % len(names)]
        url = truth[name].get("url") or f"https://example.org/{name}"
        body = (corpus / "html" / name).read_bytes()
        pages.append((f"{url}{'&' if '?' in url else '?'}copy={number}", body))
        (files / f"{number:06d}.html").write_bytes(body)
    crawl = corpus / "crawl"
    crawl.mkdir()
    write_warc(crawl / "crawl.warc.gz", pages)
    size = (crawl / "crawl.warc.gz").stat().st_size
    ours = run_child("warc", crawl)
    base = run_child("trafilatura", files)
    # Both rates count pages read: captures of one canonical URL are read
    # but published once.
    rate, base_rate = count / ours["seconds"], count / base["seconds"]
    print(
        f"WARC of {count} pages ({size / 1e6:.1f} MB gzipped): "
        f"{ours['pages']} articles published, {rate:.1f} pages/s, peak memory "
        f"{ours['peak_kib'] / 1024:.0f} MiB; trafilatura alone on the same "
        f"pages as files: {base_rate:.1f} pages/s, peak {base['peak_kib'] / 1024:.0f} "
        f"MiB; speed ratio {rate / base_rate:.2f}, memory ratio "
        f"{ours['peak_kib'] / base['peak_kib']:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--pages", type=int, default=480)
    parser.add_argument("--variants", action="store_true")
    parser.add_argument("--no-quality", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FOLDER"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="samizdat-ingest-") as scratch:
        corpus = Path(scratch)
        with tarfile.open(args.corpus) as archive:
            archive.extractall(corpus, filter="data")
        truth = json.loads((corpus / "html.truth.json").read_text(encoding="utf-8"))
        if not args.no_quality:
            quality(corpus, truth, args.variants)
        speed(corpus, truth, args.pages)


if __name__ == "__main__":
    main()
