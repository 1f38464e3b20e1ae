"""Impact-ordered chunks: the split (pure), and in Chromium that the first
chunks give the same top ten as whole lists and "More results" reads on."""

import bisect
import difflib
import itertools
import json
import random
import urllib.parse
from array import array

import pytest
from conftest import run_pelican, write_files
from hypothesis import given, settings
from hypothesis import strategies as st
from site_search.chunks import (
    CHUNK_GROWTH,
    FIRST_CHUNK,
    FIRST_PAGE_CHUNKS,
    HEAD_POSTINGS_PER_BUCKET,
    MIN_BUCKETS,
    bucket_count,
    bucket_of,
    chunk_ends,
    chunks,
    snapshot_length,
)
from site_search.export import shard_files
from site_search.index import MAX_WEIGHT, SearchIndex


@pytest.mark.parametrize(
    ("length", "ends"),
    [
        (0, []),
        (1, [1]),
        (FIRST_CHUNK, [FIRST_CHUNK]),
        (FIRST_CHUNK + 1, [FIRST_CHUNK, FIRST_CHUNK + 1]),
        (
            FIRST_CHUNK * (1 + CHUNK_GROWTH) + 5,
            [
                FIRST_CHUNK,
                FIRST_CHUNK * (1 + CHUNK_GROWTH),
                FIRST_CHUNK * (1 + CHUNK_GROWTH) + 5,
            ],
        ),
    ],
)
def test_chunk_ends_grow_geometrically(length, ends):
    assert chunk_ends(length) == ends


POSTINGS = st.lists(st.integers(1, 60), min_size=1, max_size=400).map(
    lambda weights: (list(range(0, 3 * len(weights), 3)), weights)
)


@settings(deadline=None)
@given(POSTINGS)
def test_chunks_split_by_impact_and_keep_every_posting(postings):
    ids, weights = postings
    found = chunks(ids, weights)
    # Every posting once, each chunk in id order.
    pairs = sorted((i, w) for part in found for i, w in zip(*part, strict=True))
    assert pairs == sorted(zip(ids, weights, strict=True))
    for part_ids, _ in found:
        assert part_ids == sorted(part_ids)
    # No posting of a later chunk outweighs one of an earlier chunk; on
    # equal weights the older article comes first (as search.js ranks).
    for earlier, later in itertools.pairwise(found):
        least = min((w, -i) for i, w in zip(*earlier, strict=True))
        assert all((w, -i) < least for i, w in zip(*later, strict=True)), least
    # As many chunks as the oldest postings' split by rank, each ending at
    # or after the nominal end, and beyond it by no more than the postings
    # newer than those (see chunks.py).
    ends = chunk_ends(snapshot_length(len(ids)))
    found_ends = list(itertools.accumulate(len(part[0]) for part in found))
    assert len(found_ends) == len(ends) or len(ids) <= FIRST_CHUNK
    newer = len(ids) - snapshot_length(len(ids))
    for end, nominal in zip(found_ends[:-1], ends, strict=False):
        assert nominal <= end <= nominal + newer


def chunks_by_sorting(ids, weights):
    """The definition chunks() computes faster: the whole list ranked by
    (weight descending, id ascending), cut after each cut posting of the
    oldest ones ranked alike, each chunk then in id order."""
    if len(ids) <= FIRST_CHUNK:
        return [(list(ids), list(weights))]
    oldest = snapshot_length(len(ids))
    ranked = sorted(zip([-w for w in weights], ids, strict=True))
    placing = sorted(zip([-w for w in weights[:oldest]], ids[:oldest], strict=True))
    cuts = [bisect.bisect_right(ranked, placing[end - 1]) for end in chunk_ends(oldest)]
    result = []
    for start, end in itertools.pairwise([0, *cuts[:-1], len(ranked)]):
        part = sorted(ranked[start:end], key=lambda item: item[1])
        result.append(([doc for _, doc in part], [-weight for weight, _ in part]))
    return result


@settings(deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 5), st.sampled_from([0, 1, 2, 7, 30, MAX_WEIGHT])),
        max_size=900,
    ),
    st.integers(0, 3),
)
def test_chunks_are_the_ranked_lists_cuts(steps, start):
    """Ties, gaps and weights up to MAX_WEIGHT: what sorting gives."""
    ids = list(itertools.accumulate((gap for gap, _ in steps), initial=start))[1:]
    weights = [weight for _, weight in steps]
    expected = chunks_by_sorting(ids, weights)
    assert chunks(ids, weights) == expected
    assert chunks(array("I", ids), array("B", weights)) == expected


@pytest.mark.parametrize("added", [1, 3, 9])
@settings(deadline=None)
@given(POSTINGS, st.lists(st.integers(1, 60), min_size=9, max_size=9))
def test_newer_postings_leave_older_ones_in_their_chunks(added, postings, extra):
    """Until a list passes the next snapshot length, newer postings move
    no older one to another chunk."""
    ids, weights = postings
    longer_ids = ids + [ids[-1] + 1 + n for n in range(added)]
    longer_weights = weights + extra[:added]
    if snapshot_length(len(ids)) != snapshot_length(len(longer_ids)):
        return
    before = {i: k for k, part in enumerate(chunks(ids, weights)) for i in part[0]}
    after_chunks = chunks(longer_ids, longer_weights)
    after = {i: k for k, part in enumerate(after_chunks) for i in part[0]}
    assert len(after_chunks) == len(set(before.values())) or len(ids) <= FIRST_CHUNK
    assert all(after[doc] == part for doc, part in before.items())


def _t_lines(index: SearchIndex) -> list[str]:
    files = shard_files(index)
    return [
        line
        for name in sorted(files)
        if name.startswith(("t/", "r/"))
        for line in [name, *files[name].splitlines()]
    ]


def test_a_new_article_changes_a_few_lines_of_a_long_list():
    """Update packs carry changed lines: the newest posting of a long list
    (weights as the index makes them, many equal) changes its head's
    length line and the end of one chunk, not every line after it by
    rank."""
    rng = random.Random(5)
    count = 3000
    weights = [rng.randint(1, MAX_WEIGHT) for _ in range(count + 1)]
    ids = list(range(count + 1))

    def index(length):
        postings = {"river": (array("I", ids[:length]), array("I", weights[:length]))}
        return SearchIndex(postings, {}, length)

    before, after = _t_lines(index(count)), _t_lines(index(count + 1))
    changed = [line for line in difflib.ndiff(before, after) if line.startswith("+ ")]
    assert len(changed) <= 3, changed


def test_bucket_count_doubles_with_the_heads():
    assert bucket_count(0) == MIN_BUCKETS
    assert bucket_count(MIN_BUCKETS * HEAD_POSTINGS_PER_BUCKET) == MIN_BUCKETS
    assert bucket_count(MIN_BUCKETS * HEAD_POSTINGS_PER_BUCKET + 1) == 2 * MIN_BUCKETS


@settings(deadline=None)  # the first call computes the character classes
@given(st.text(min_size=1), st.sampled_from([16, 32, 1024]))
def test_buckets_are_in_range(word, count):
    assert 0 <= bucket_of(word, count) < count


def test_long_lists_put_their_best_postings_in_the_head():
    count = FIRST_CHUNK * 3
    rng = random.Random(3)
    weights = [rng.randint(1, 50) for _ in range(count)]
    index = SearchIndex(
        {"river": (array("I", range(count)), array("I", weights))}, {}, count
    )
    files = shard_files(index)
    head = next(t for n, t in files.items() if '"river":' in t and "-" not in n)
    entry = json.loads(head.split('"river":')[1].split("]")[0] + "]")
    assert entry[:2] == [count, 2]  # all postings, in two chunks
    first = entry[3::2]
    later_file = next(t for n, t in files.items() if n.endswith("-1.js"))
    later = json.loads(later_file.split('"river":')[1].split("]")[0] + "]")[1::2]
    assert len(first) == FIRST_CHUNK and len(later) == count - FIRST_CHUNK
    assert min(first) >= max(later)


# In the browser ---------------------------------------------------------

WORDS = ["river", "bridge", "flood", "harbour", "market", "school"]


def article(number: int, rng: random.Random) -> str:
    """An article with the shared words at random frequencies and lengths,
    so that long lists have many different weights."""
    words = []
    for word in WORDS:
        words += [word] * rng.choice([0, 0, 1, 1, 2, 3, 5])
    words += [f"filler{rng.randint(0, 400)}" for _ in range(rng.randint(5, 120))]
    rng.shuffle(words)
    if rng.random() < 0.3:
        words[len(words) // 2 : len(words) // 2] = ["river", "bridge"]
    title = f"Report {number} {rng.choice(WORDS)}"
    day = 1 + number % 28
    month = 1 + number // 28 % 12
    return (
        f"Title: {title}\nDate: 2025-{month:02d}-{day:02d}\nLang: en\n\n"
        + " ".join(words)
        + ".\n"
    )


@pytest.fixture(scope="module")
def chunked_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("chunks")
    rng = random.Random(11)
    write_files(
        folder / "content", {f"a{n:03d}.txt": article(n, rng) for n in range(180)}
    )
    # Segments of 64: the first 128 articles in the main one, 52 in the recent.
    return run_pelican(
        folder / "content",
        folder / "output",
        SITE_SEARCH_RELATED=0,
        SITE_SEARCH_SEGMENT=64,
    )


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


TOP = """([q, whole]) => new Promise(done =>
  SamizdatSearch.search(q, 10, whole, r => done(r.hits.map(h => h[0]))))"""


@pytest.mark.parametrize(
    "query",
    [
        "river",
        "river bridge",
        "bridge river",
        "flood harbour market",
        "rive",
        "school ",
    ],
)
def test_first_chunks_give_the_top_ten_of_whole_lists(chunked_site, page, query):
    page.goto(chunked_site.output.as_uri() + "/search.html?q=x")
    page.wait_for_function("SamizdatSearch.buckets()")
    page.requested.clear()
    first = page.evaluate(TOP, [query, False])
    read = [u for u in page.requested if "/search/t/" in u or "/search/r/" in u]
    whole = page.evaluate(TOP, [query, True])
    assert len(first) == 10 and first == whole, (first, whole)
    if query == "river":  # one list: its head alone settles the top ten
        assert not any("-" in u.rsplit("/", 1)[1] for u in read), read


def test_more_results_reads_later_chunks(chunked_site, page):
    query = "river"
    page.requested.clear()
    page.goto(
        f"{chunked_site.output.as_uri()}/search.html?q={urllib.parse.quote(query)}"
    )
    page.wait_for_function("document.getElementById('search-status').textContent")
    results = page.locator("#search-results ol > li")
    assert results.count() == 10
    more = page.get_by_role("button", name="More results")
    assert more.is_visible()
    assert "10+" in page.locator("#search-status").text_content()
    assert not any("/search/" in u and "-1.js" in u for u in page.requested)
    while more.is_visible():
        shown = results.count()
        more.click()
        page.wait_for_function(
            "n => document.querySelectorAll('#search-results ol > li').length > n",
            arg=shown,
        )
        # Keyboard focus moves to the first new result.
        assert page.evaluate("document.activeElement.closest('li') !== null")
    # Every article holding the word, best first, and the later chunks read.
    hits = page.evaluate(
        """q => new Promise(done =>
          SamizdatSearch.search(q, 1000, true, r => done(r.hits.length)))""",
        query,
    )
    assert results.count() == hits > FIRST_CHUNK
    assert any("-1.js" in u for u in page.requested)
    assert "+" not in page.locator("#search-status").text_content()


@pytest.fixture(scope="module")
def long_list_site(tmp_path_factory):
    """Every article holds "harbour" (a list of three chunks), one in twenty
    "lantern": the articles with both hide all along harbour's list."""
    folder = tmp_path_factory.mktemp("long-lists")
    rng = random.Random(5)
    length = FIRST_CHUNK * (1 + CHUNK_GROWTH) + 60
    files = {}
    for n in range(length):
        words = ["harbour"] * rng.randint(1, 6)
        words += ["lantern"] * (n % 20 == 0)
        words += [f"filler{rng.randint(0, 300)}" for _ in range(rng.randint(10, 90))]
        rng.shuffle(words)
        files[f"a{n:03d}.txt"] = (
            f"Title: Note {n}\nDate: 2025-{1 + n // 28 % 12:02d}-{1 + n % 28:02d}\n"
            f"Lang: en\n\n{' '.join(words)}.\n"
        )
    write_files(folder / "content", files)
    # 192 articles in the main segment (harbour's list in three chunks), 28
    # in the recent one.
    return run_pelican(
        folder / "content",
        folder / "output",
        SITE_SEARCH_RELATED=0,
        SITE_SEARCH_SEGMENT=64,
    )


def test_the_first_page_reads_at_most_its_chunks_of_each_list(long_list_site, page):
    """The first page stops after FIRST_PAGE_CHUNKS chunks of each list
    (chunk c is t/<b>-<c>.js or r/<b>-<c>.js, the head chunk 0), where whole
    lists read on:
    the limit, not the threshold rule, stopped it."""

    def chunks_read(whole: bool) -> set[int]:
        page.goto(long_list_site.output.as_uri() + "/search.html?q=x")  # none held
        page.wait_for_function("SamizdatSearch.buckets()")
        page.requested.clear()
        page.evaluate(TOP, ["harbour lantern", whole])
        names = [
            u.rsplit("/", 1)[1]
            for u in page.requested
            if "/search/t/" in u or "/search/r/" in u
        ]
        return {int(n[:-3].rsplit("-", 1)[1]) for n in names if "-" in n}

    assert max(chunks_read(False), default=0) == FIRST_PAGE_CHUNKS - 1
    assert max(chunks_read(True)) == FIRST_PAGE_CHUNKS
