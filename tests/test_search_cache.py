"""The search postings cache: an incremental build analyses only new or
changed articles, and gives the bytes of a full build."""

import logging
import math
import pickle
from array import array
from pathlib import Path

import pytest
from conftest import run_pelican, write_files
from samizdat_contract.cache import write_sealed
from samizdat_contract.pack import EntryPack
from site_search import index as index_module
from site_search.index import Document, build_index
from site_search.index_cache import IndexCache
from site_search.index_update import updated
from site_search.postings_cache import PACK, PostingsCache
from site_search.related import FORMAT, ListFacts, RelatedCache

DOCS = [
    Document("Floods in the north", "Rivers rose; bridges were closed.", "", "en"),
    Document("Бурные реки", "Реки вышли из берегов, мосты закрыты.", "", "ru"),
    Document("Nhà báo", "Nhà báo chờ ở bến xe.", "", "vi"),
    Document("Rivers again", "The river rose again and bridges closed.", "", "en"),
]


def analysed(monkeypatch) -> list[str]:
    """Titles of the documents analysed from now on."""
    seen = []
    original = index_module.document_weights

    def counting(document, analyser):
        seen.append(document.title)
        return original(document, analyser)

    monkeypatch.setattr(index_module, "document_weights", counting)
    return seen


def entry_names(folder: Path) -> set[str]:
    """The names of the cache's entries: in its pack, or in files of their own
    (articles analysed since the last prune)."""
    loose = {path.name for path in folder.glob("*/*") if path.is_file()}
    return loose | set(EntryPack(folder, PACK).entries)


def test_cached_postings_give_the_same_index(tmp_path, monkeypatch):
    cache = PostingsCache(str(tmp_path), True, "salt")
    fresh = build_index(DOCS)
    first = build_index(DOCS, cache=cache)
    seen = analysed(monkeypatch)
    again = build_index([*DOCS, Document("New", "A new river.", "", "en")], cache=cache)
    assert seen == ["New"]  # only the new article is analysed
    assert first.aliases == fresh.aliases
    assert {k: (list(i), list(w)) for k, (i, w) in first.postings.items()} == {
        k: (list(i), list(w)) for k, (i, w) in fresh.postings.items()
    }
    assert again.aliases.items() >= fresh.aliases.items()


@pytest.mark.parametrize(
    ("read", "salt", "expected"),
    [(False, "salt", 4), (True, "other code", 4), (True, "salt", 0)],
)
def test_cache_off_or_other_code_analyses_again(
    tmp_path, monkeypatch, read, salt, expected
):
    build_index(DOCS, cache=PostingsCache(str(tmp_path), True, "salt"))
    seen = analysed(monkeypatch)
    build_index(DOCS, cache=PostingsCache(str(tmp_path), read, salt))
    assert len(seen) == expected


def test_a_damaged_entry_is_analysed_again_with_a_warning(
    tmp_path, monkeypatch, caplog
):
    cache = PostingsCache(str(tmp_path), True, "salt")
    fresh = build_index(DOCS, cache=cache)
    entry = sorted(Path(tmp_path).rglob("*"))[-1]
    entry.write_bytes(entry.read_bytes()[:-3] + b"xyz")
    seen = analysed(monkeypatch)
    with caplog.at_level(logging.WARNING):
        again = build_index(DOCS, cache=cache)
    assert len(seen) == 1 and "damaged" in caplog.text
    assert again.aliases == fresh.aliases


def test_a_damaged_entry_in_the_pack_is_analysed_again_with_a_warning(
    tmp_path, monkeypatch, caplog
):
    cache = PostingsCache(str(tmp_path), True, "salt")
    fresh = build_index(DOCS, cache=cache)
    cache.prune(DOCS)  # every entry into the pack
    pack = EntryPack(tmp_path, PACK)
    offset, length = pack.entries[cache._name(DOCS[2])]
    data = bytearray((tmp_path / pack.data_name).read_bytes())
    data[offset + length - 1] ^= 1
    (tmp_path / pack.data_name).write_bytes(bytes(data))
    seen = analysed(monkeypatch)
    cache = PostingsCache(str(tmp_path), True, "salt")
    with caplog.at_level(logging.WARNING):
        again = build_index(DOCS, cache=cache)
    assert seen == [DOCS[2].title] and "damaged" in caplog.text
    assert again.aliases == fresh.aliases
    # The entry analysed again replaces the damaged one at the next prune.
    cache.prune(DOCS)
    seen.clear()
    build_index(DOCS, cache=PostingsCache(str(tmp_path), True, "salt"))
    assert seen == []


ARTICLE = "Title: {title}\nDate: 2026-01-{day:02d}\nLang: en\n\n{body}\n"


def articles(count: int) -> dict[str, str]:
    return {
        f"a{n:02d}.txt": ARTICLE.format(
            title=f"River report {n}",
            day=n + 1,
            body=f"The river rose {n} times near the old bridge. " * (1 + n % 4),
        )
        for n in range(count)
    }


def search_files(output: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(output)): p.read_bytes()
        for p in sorted((output / "search").rglob("*.js"))
    }


def article_pages(output: Path) -> dict[str, bytes]:
    """Every page but the search page (their related lists among them)."""
    return {
        str(p.relative_to(output)): p.read_bytes()
        for p in sorted(output.rglob("*.html"))
        if p.name != "search.html"
    }


def test_incremental_search_files_equal_a_full_build(tmp_path, caplog):
    content = tmp_path / "content"
    write_files(content, articles(6))
    cached = tmp_path / "cached"
    run_pelican(content, cached / "output")
    before = {
        name: (cached / "output" / name).stat().st_mtime_ns
        for name in search_files(cached / "output")
    }
    write_files(content, {"new.txt": ARTICLE.format(title="Bridge", day=20, body="x")})
    with caplog.at_level(logging.INFO, logger="site_search"):
        run_pelican(content, cached / "output")
    # The newest article only: the last build's index, extended, and the
    # last build's related lists kept.
    assert "1 articles added to the last index" in caplog.text
    assert "related articles of 6 of 7 articles kept" in caplog.text
    full = tmp_path / "full"
    run_pelican(content, full / "output", LOAD_CONTENT_CACHE=False)
    assert search_files(cached / "output") == search_files(full / "output")
    assert article_pages(cached / "output") == article_pages(full / "output")
    # Files whose bytes did not change were not rewritten.
    kept = [
        name
        for name, mtime in before.items()
        if (cached / "output" / name).stat().st_mtime_ns == mtime
    ]
    assert "search/d/0.js" in kept and "search/rules.js" in kept


def test_builds_across_a_segment_boundary_equal_full_builds(tmp_path):
    """Segments of 4 articles: 6 (4 in the main segment), 7, then 9 (8:
    the main segment grows), each incremental build's search files and
    pages equal to a full build's of the same tree."""
    content, cached = tmp_path / "content", tmp_path / "cached" / "output"
    write_files(content, articles(6))
    run_pelican(content, cached, SITE_SEARCH_SEGMENT=4)
    for count, added in ((7, 1), (9, 2)):
        write_files(
            content,
            {
                f"new{count}-{n}.txt": ARTICLE.format(
                    title=f"Bridge {count} {n}",
                    day=20 + count + n,
                    # Distinct text: a line several articles share is chrome.
                    body=f"Bridge {count * 10 + n} opened over river {n} today.",
                )
                for n in range(added)
            },
        )
        run_pelican(content, cached, SITE_SEARCH_SEGMENT=4)
        full = tmp_path / f"full{count}" / "output"
        run_pelican(content, full, LOAD_CONTENT_CACHE=False, SITE_SEARCH_SEGMENT=4)
        assert search_files(cached) == search_files(full)
        assert article_pages(cached) == article_pages(full)
    assert any((cached / "search" / "r").iterdir())


def test_entries_of_deleted_articles_are_pruned(tmp_path, monkeypatch):
    cache = PostingsCache(str(tmp_path), True, "salt")
    build_index(DOCS, cache=cache)
    assert len(entry_names(tmp_path)) == len(DOCS)
    kept = DOCS[:2]
    assert cache.prune(kept) == 2
    assert entry_names(tmp_path) == {cache._name(document) for document in kept}
    # All in the pack now: no file per entry is left.
    assert {path.name for path in tmp_path.iterdir()} == {"entries.index", "entries.1"}
    # What is left is still used: the kept articles are not analysed again.
    seen = analysed(monkeypatch)
    build_index(kept, cache=cache)
    assert seen == []


def test_a_build_leaves_no_postings_of_a_deleted_article(tmp_path):
    content = tmp_path / "content"
    write_files(content, articles(4))
    output = tmp_path / "output"
    run_pelican(content, output)
    postings = output.parent / "output.cache" / "site_search" / "postings"
    before = entry_names(postings)
    (content / "a03.txt").unlink()
    run_pelican(content, output)
    after = entry_names(postings)
    assert len(before) == 4 and len(after) == 3 and after < before


def postings_of(index) -> dict:
    return {key: (list(ids), list(w)) for key, (ids, w) in index.postings.items()}


MORE = [
    Document("Bridges", "The new bridge opened; rivers fell.", "", "en"),
    Document("Реки", "Мосты открыты снова.", "", "ru"),
]


@pytest.mark.parametrize("known", [0, 1, 3, 4])
def test_an_index_extended_with_added_articles_equals_one_built_afresh(tmp_path, known):
    postings = PostingsCache(str(tmp_path / "postings"), True, "salt")
    kept = IndexCache(str(tmp_path / "index"), True, "salt")
    names = [postings.name(document) for document in DOCS[:known]]
    kept.keep(names, build_index(DOCS[:known], cache=postings))
    documents = [*DOCS, *MORE]
    names = [postings.name(document) for document in documents]
    found = kept.previous(names)
    assert found is not None and found[0] == names[:known]
    extended = updated(*found, documents, names, postings)
    fresh = build_index(documents)
    assert list(extended.postings) == list(fresh.postings)  # keys in order
    assert postings_of(extended) == postings_of(fresh)
    assert extended.aliases == fresh.aliases and extended.count == fresh.count


@pytest.mark.parametrize(
    ("read", "salt", "names"),
    [
        (False, "salt", ["a", "b", "c"]),  # make html FULL=1
        (True, "other code", ["a", "b", "c"]),
        (True, "salt", ["a", "changed", "c"]),  # half the articles changed
        (True, "salt", ["b", "c"]),  # the first article was removed
        (True, "salt", ["a"]),  # the last one was
    ],
)
def test_the_last_index_is_used_only_for_the_same_first_articles(
    tmp_path, read, salt, names
):
    IndexCache(str(tmp_path / "index"), True, "salt").keep(
        ["a", "b"], build_index(DOCS[:2])
    )
    assert IndexCache(str(tmp_path / "index"), read, salt).previous(names) is None


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty"])
def test_a_damaged_index_file_is_a_miss_and_a_warning(tmp_path, caplog, damage):
    path = tmp_path / "index"
    IndexCache(str(path), True, "salt").keep(["a", "b"], build_index(DOCS[:2]))
    data = bytearray(path.read_bytes())
    assert IndexCache(str(path), True, "salt").previous(["a", "b"]) is not None
    if damage == "flip":
        data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data[: len(data) - 1] if damage == "truncate" else data))
    if damage == "empty":
        path.write_bytes(b"")
    with caplog.at_level(logging.WARNING):
        assert IndexCache(str(path), True, "salt").previous(["a", "b"]) is None
    assert "rebuilt" in caplog.text


@pytest.mark.parametrize(
    ("read", "salt", "count", "found"),
    [
        (True, "salt", 5, True),
        (True, "salt", 3, False),  # SITE_SEARCH_RELATED changed
        (True, "other code", 5, False),
        (False, "salt", 5, False),  # make html FULL=1
    ],
)
def test_related_lists_are_kept_for_the_same_code_and_count(
    tmp_path, read, salt, count, found
):
    """Which of them still hold is related_update.py's question (its tests
    compare with lists made afresh)."""
    lists = [[], [0], [1, 0]]
    facts = ListFacts(
        array("d", [-math.inf, -math.inf, 0.5, -math.inf, 2.25, 0.75]),
        ["", "river", "river bridge"],
        array("d", [-math.inf, -math.inf, 1.5]),
    )
    RelatedCache(str(tmp_path / "related"), True, "salt").keep(
        ["a", "b", "c"], 5, lists, facts
    )
    kept = RelatedCache(str(tmp_path / "related"), read, salt).kept(count)
    assert kept == ((["a", "b", "c"], lists, facts) if found else None)


def test_a_damaged_related_file_is_a_miss_and_a_warning(tmp_path, caplog):
    path = tmp_path / "related"
    facts = ListFacts(
        array("d", [-math.inf, -math.inf, 1.0, 0.5]),
        ["", "river"],
        array("d", [-math.inf, 0.25]),
    )
    RelatedCache(str(path), True, "salt").keep(["a", "b"], 5, [[], [0]], facts)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING):
        assert RelatedCache(str(path), True, "salt").kept(5) is None
    assert caplog.text


NAMES, BOUNDS = ["a", "b"], array("d", [-math.inf, -math.inf, 1.0, 0.5])
TERMS, OUT = ["", "river"], array("d", [-math.inf, 0.25])


@pytest.mark.parametrize(
    ("payload", "warned", "whole"),
    [
        ((FORMAT - 1, "salt", 5, NAMES, [[], [0]], BOUNDS), False, False),
        ((FORMAT, "salt", 5, NAMES, [[], [0]], BOUNDS), True, False),
        ((FORMAT, "salt", 5, NAMES, [[], [0]], BOUNDS[:1], TERMS, OUT), True, False),
        ((FORMAT, "salt", 5, NAMES, [[], [0]], BOUNDS, ["river"], OUT), True, False),
        ((FORMAT, "salt", 5, NAMES, [[], [0]], BOUNDS, TERMS, OUT[:1]), True, False),
        ((FORMAT, "salt", 5, NAMES, [[], [0]], BOUNDS, TERMS, OUT), False, True),
    ],
)
def test_a_related_entry_of_another_shape_is_a_miss(
    tmp_path, caplog, payload, warned, whole
):
    """Each list's facts are what keep it or make it again
    (related_update.py): an entry of another format, or without them, or
    with one too few, is never trusted (the last one, whole, is kept)."""
    path = tmp_path / "related"
    write_sealed(path, pickle.dumps(payload))
    with caplog.at_level(logging.WARNING):
        assert (RelatedCache(str(path), True, "salt").kept(5) is None) != whole
    assert bool(caplog.text) == warned
