"""The kept search index updated: articles changed in it (same position,
other text), added after it or among its own, and deleted give the index
a fresh build gives, and the site's search files and pages equal a full
build's."""

import heapq
import logging
import tempfile

import pytest
from conftest import run_pelican, write_files
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from site_search import generator as search_generator
from site_search import related as related_module
from site_search import related_update, site_index
from site_search.alignment import align
from site_search.index import Document, build_index
from site_search.index_cache import IndexCache, reusable
from site_search.index_update import updated
from site_search.postings_cache import PostingsCache
from site_search.related import ListFacts, related
from site_search.related_update import updated_lists
from test_search_cache import ARTICLE, article_pages, search_files

# Inflected English and Russian words (stemmed: aliases), Vietnamese ones
# with diacritics (exact forms), repeated so that documents share keys.
WORDS = {
    "en": [
        "river",
        "rivers",
        "bridge",
        "bridges",
        "closed",
        "closing",
        "flood",
        "floods",
        "rose",
    ],
    "ru": ["реки", "река", "мосты", "мост", "закрыты", "вышли", "берегов"],
    "vi": ["nhà", "báo", "chờ", "bến", "xe", "cầu", "sông"],
}


@st.composite
def documents(draw, count: int):
    found = []
    for _ in range(count):
        lang = draw(st.sampled_from(sorted(WORDS)))
        words = st.lists(st.sampled_from(WORDS[lang]), min_size=1, max_size=8)
        found.append(Document(" ".join(draw(words)), " ".join(draw(words)), "", lang))
    return found


def changed_and_added(data, before: list, fewest: int, most_added: int) -> list:
    """`before` with some of its documents changed in place (`fewest` to
    an eighth of them: MAX_CHANGED_SHARE, so the kept index is updated)
    and up to `most_added` added after them."""
    after = list(before)
    changes = data.draw(st.integers(fewest, max(fewest, len(before) // 8)))
    for position in data.draw(
        st.lists(st.integers(0, len(before) - 1), max_size=changes, unique=True)
    ):
        after[position] = data.draw(documents(1))[0]
    # A change that copies another document, among copies of a third, can
    # align as more than an eighth removed: the build indexes afresh then.
    names = PostingsCache("", False, "salt").name
    assume(reusable(list(map(names, before)), list(map(names, after))))
    return after + data.draw(documents(data.draw(st.integers(0, most_added))))


def postings_of(index) -> dict:
    return {key: (list(ids), list(w)) for key, (ids, w) in index.postings.items()}


def assert_same_index(found, fresh) -> None:
    assert list(found.postings) == list(fresh.postings)  # keys, in order
    assert postings_of(found) == postings_of(fresh)
    assert found.aliases == fresh.aliases
    assert found.alias_docs == fresh.alias_docs
    assert found.count == fresh.count


def kept_and_updated(folder: str, before: list, after: list, related_count=0):
    """The index of `after` updated from a kept index of `before`; with
    `related_count`, (that index, the related lists updated from
    before's)."""
    postings = PostingsCache(f"{folder}/postings", True, "salt")
    kept = IndexCache(f"{folder}/index", True, "salt")
    old_index = build_index(before, cache=postings)
    old_names = [postings.name(document) for document in before]
    kept.keep(old_names, old_index)
    names = [postings.name(document) for document in after]
    previous = kept.previous(names)
    assert previous is not None
    index = updated(*previous, after, names, postings)
    if not related_count:
        return index
    languages = [document.lang for document in before]
    facts = ListFacts()
    old_lists = related(old_index, languages, related_count, 0, facts)
    last = (old_names, old_lists, facts)
    lists, new_facts = lists_updated(index, after, related_count, last, postings)
    assert_facts_hold(new_facts, index, [d.lang for d in after], related_count)
    return index, lists


def lists_updated(index, after: list, count: int, last, postings):
    """updated_lists() of the documents `after` (index: theirs) from the
    last build's (names, lists, ListFacts): (lists, ListFacts)."""
    names = [postings.name(document) for document in after]
    languages = [document.lang for document in after]
    lists, facts, _ = updated_lists(index, languages, count, names, last, postings)
    return lists, facts


def assert_facts_hold(found: ListFacts, index, languages, count: int) -> None:
    """What the next build's update starts from: a fresh build's bounds;
    for each document, terms among which are its strongest (others kept
    beyond them may have stopped being candidates), and a bound of the
    score of every other candidate term (related.ListFacts)."""
    fresh = ListFacts()
    related(index, languages, count, 0, fresh)
    assert found.bounds == fresh.bounds
    assert len(found.strongest) == len(found.outside) == len(fresh.outside)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(related_module, "RELATED_RESERVE", index.count * 100)
        every = related_module._strongest_terms(index, 0, index.count)
    for doc, candidates in enumerate(every):
        kept = terms_of(found.strongest[doc])
        scores = dict((term, score) for score, term in candidates)
        strongest = heapq.nlargest(related_module.RELATED_TERMS, candidates)
        assert {term for _, term in strongest} <= kept
        assert all(scores[term] <= found.outside[doc] for term in scores.keys() - kept)


def terms_of(strongest: str) -> set[str]:
    return set(strongest.split(" ")) - {""}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_changed_and_added_articles_give_a_fresh_index(data):
    before = data.draw(documents(data.draw(st.integers(1, 12))))
    after = changed_and_added(data, before, 0, 4)
    with tempfile.TemporaryDirectory() as folder:
        found, lists = kept_and_updated(folder, before, after, related_count=3)
    assert found is not None
    fresh = build_index(after)
    assert_same_index(found, fresh)
    assert lists == related(fresh, [document.lang for document in after], 3)


def inserted_and_deleted(data, before: list) -> list:
    """`before` with documents put in among its own (older articles
    scraped late: every later one moves up an id) and up to an eighth of
    it deleted, changed, or copied from another (a document of the same
    name as a later one)."""
    after = list(before)
    for _ in range(data.draw(st.integers(0, max(0, len(before) // 8)))):
        at = data.draw(st.integers(0, len(after) - 1))
        kind = data.draw(st.sampled_from(["delete", "change", "copy"]))
        if kind == "delete" and len(after) > 1:
            del after[at]
        elif kind == "change":
            after[at] = data.draw(documents(1))[0]
        else:
            after[at] = data.draw(st.sampled_from(before))
    for _ in range(data.draw(st.integers(0, 4))):
        at = data.draw(st.integers(0, len(after)))
        after.insert(at, data.draw(documents(1))[0])
    return after


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_articles_put_in_among_others_or_deleted_give_a_fresh_index(data):
    before = data.draw(documents(data.draw(st.integers(1, 24))))
    after = inserted_and_deleted(data, before)
    with tempfile.TemporaryDirectory() as folder:
        _, reused, found = aligned_update(folder, before, after)
    if not reused:  # more than an eighth not held: the index is built
        return
    assert found is not None
    assert_same_index(found, build_index(after))


def aligned_update(folder: str, before: list, after: list):
    """(the last build's documents `before` matched to `after`, whether a
    kept index of `before` is reused, the index of `after` updated from
    it or None)."""
    postings = PostingsCache(f"{folder}/postings", True, "salt")
    kept = IndexCache(f"{folder}/index", True, "salt")
    old_names = [postings.name(document) for document in before]
    kept.keep(old_names, build_index(before, cache=postings))
    names = [postings.name(document) for document in after]
    previous = kept.previous(names)
    found = None if previous is None else updated(*previous, after, names, postings)
    return align(old_names, names), previous is not None, found


def test_a_copy_of_a_later_article_does_not_lose_those_between(tmp_path):
    before = [Document(f"River {n}", f"Rivers rose {n}", "", "en") for n in range(16)]
    # the second becomes a copy of the ninth: matched first to first, the
    # ninth would be its match, and the six between would be taken out
    after = [before[0], before[8], *before[2:]]
    alignment, reused, found = aligned_update(str(tmp_path), before, after)
    assert reused
    assert alignment.removed == [1] and alignment.added == [1]
    assert list(alignment.new_ids) == [0, -1, *range(2, 16)]
    assert_same_index(found, build_index(after))


def test_an_article_dated_among_others_renumbers_the_later_ones(tmp_path):
    before = [Document(f"River {n}", f"Rivers rose {n}", "", "en") for n in range(16)]
    # an older article scraped late, and the fourth deleted
    after = [*before[:3], *before[4:10], Document("Floods", "Bridges", "", "en")]
    after += before[10:]
    alignment, reused, found = aligned_update(str(tmp_path), before, after)
    assert reused
    assert alignment.removed == [3] and alignment.added == [9]
    assert list(alignment.new_ids) == [0, 1, 2, -1, *range(3, 9), *range(10, 16)]
    fresh = build_index(after)
    assert_same_index(found, fresh)
    assert fresh.alias_docs["rivers"] == (0, 15)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.data(),
    st.integers(1, 3),
    st.sampled_from([0.02, 0.3, 0.6]),
    st.integers(1, 3),
)
def test_lists_kept_by_their_bounds_are_a_fresh_builds(data, strongest, share, count):
    """With few strongest terms a list (RELATED_TERMS: 12 on a site) and
    more candidates (RELATED_MAX_SHARE: 0.02), most lists of these small
    sites are full and most documents have more candidates than their
    strongest: a changed term below a list's weakest score, or a changed
    article less similar than its floor, leaves it as it was
    (related_update._moved)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(related_module, "RELATED_TERMS", strongest)
        patch.setattr(related_module, "RELATED_MAX_SHARE", share)
        patch.setattr(related_update, "RELATED_MAX_SHARE", share)
        before = data.draw(documents(data.draw(st.integers(8, 24))))
        after = changed_and_added(data, before, 1, 2)
        with tempfile.TemporaryDirectory() as folder:
            _, lists = kept_and_updated(folder, before, after, related_count=count)
        fresh = build_index(after)
        expected = related(fresh, [document.lang for document in after], count)
        assert lists == expected


def chained_lists(folder: str, versions: list, count: int) -> list[list[int]]:
    """The related lists of the last of `versions`, each build's updated
    from the one before's kept index, lists and ListFacts."""
    postings = PostingsCache(f"{folder}/postings", True, "salt")
    kept = IndexCache(f"{folder}/index", True, "salt")
    index = build_index(versions[0], cache=postings)
    names = [postings.name(document) for document in versions[0]]
    facts = ListFacts()
    lists = related(index, [d.lang for d in versions[0]], count, 0, facts)
    for after in versions[1:]:
        kept.keep(names, index)
        new_names = [postings.name(document) for document in after]
        index = updated(*kept.previous(new_names), after, new_names, postings)
        last = (names, lists, facts)
        lists, facts = lists_updated(index, after, count, last, postings)
        names = new_names
    return lists


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data(), st.integers(1, 3), st.sampled_from([0.3, 0.6]), st.integers(1, 3))
def test_lists_of_builds_one_after_another_are_a_fresh_builds(
    data, strongest, share, count
):
    """A list made again from its last strongest terms (related_update.
    _rescored) leaves an upper bound of the best score left out of them,
    not that score, and a list kept leaves its bound raised where a
    term's rank moved: the next build's lists still equal a fresh one's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(related_module, "RELATED_TERMS", strongest)
        patch.setattr(related_module, "RELATED_MAX_SHARE", share)
        patch.setattr(related_update, "RELATED_MAX_SHARE", share)
        versions = [data.draw(documents(data.draw(st.integers(8, 24))))]
        for _ in range(data.draw(st.integers(2, 3))):
            versions.append(changed_and_added(data, versions[-1], 1, 1))
        with tempfile.TemporaryDirectory() as folder:
            lists = chained_lists(folder, versions, count)
        languages = [document.lang for document in versions[-1]]
        assert lists == related(build_index(versions[-1]), languages, count)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.integers(1, 3))
def test_articles_dated_among_the_last_ones_give_a_fresh_builds_lists(data, count):
    """Articles inserted among the last ones renumber every later one:
    each of those counts as changed in place, none is left unchanged after
    the first (related_update skips looking for moved lists), and some
    are added after them too."""
    before = data.draw(documents(data.draw(st.integers(8, 24))))
    inserted = data.draw(documents(data.draw(st.integers(1, len(before) // 8))))
    after = list(before)
    for document in inserted:
        position = data.draw(st.integers(len(before) - len(before) // 8, len(after)))
        after.insert(position, document)
    after += data.draw(documents(data.draw(st.integers(0, 2))))
    with tempfile.TemporaryDirectory() as folder:
        _, lists = kept_and_updated(folder, before, after, related_count=count)
    languages = [document.lang for document in after]
    assert lists == related(build_index(after), languages, count)


def test_a_changed_article_enters_a_list_through_its_candidate_terms_alone():
    # Found by the property above: "реки" is held by more than the share of
    # the documents before the last, so it is no candidate there; the
    # rewritten fifth document (its words swapped between title and body)
    # is now more similar to the last through "мосты" alone.
    river, swapped = ("river", "river"), ("мосты", "реки")
    kinds = [river] * 5 + [("реки", "мосты"), ("реки", "реки")] + [river] * 5
    kinds += [("реки", "реки")] * 2 + [("реки", "мосты"), swapped] + [river] * 2
    before = [
        Document(title, body, "", "en" if title == "river" else "ru")
        for title, body in kinds
    ]
    after = [*before[:5], Document(*swapped, "", "ru"), *before[6:]]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(related_module, "RELATED_TERMS", 2)
        patch.setattr(related_module, "RELATED_MAX_SHARE", 0.3)
        patch.setattr(related_update, "RELATED_MAX_SHARE", 0.3)
        with tempfile.TemporaryDirectory() as folder:
            _, lists = kept_and_updated(folder, before, after, related_count=1)
        expected = related(build_index(after), [d.lang for d in after], 1)
    assert lists[15] == expected[15] == [5]
    assert lists == expected


def test_a_form_whose_first_article_changed_takes_the_next_ones_stem(tmp_path):
    before = [
        Document("Rivers", "Bridges closed", "", "en"),
        Document("Реки", "Мосты закрыты", "", "ru"),
        Document("Floods", "Rivers rose, bridges closed", "", "en"),
        *(Document(f"Report {n}", "The flood rose", "", "en") for n in range(5)),
        Document("Мосты", "Реки", "", "ru"),
    ]
    after = [Document("Nothing", "Only a flood", "", "en"), *before[1:]]
    found = kept_and_updated(str(tmp_path), before, after)
    fresh = build_index(after)
    assert_same_index(found, fresh)
    # "rivers" was first found in the changed article, then in the third.
    assert fresh.alias_docs["rivers"] == (2, 1)


def test_a_changed_article_whose_old_postings_are_gone_is_rebuilt(tmp_path, caplog):
    before = [Document(f"River {n}", "Rivers rose", "", "en") for n in range(8)]
    after = [Document("Bridge", "Bridges closed", "", "en"), *before[1:]]
    postings = PostingsCache(str(tmp_path / "postings"), True, "salt")
    kept = IndexCache(str(tmp_path / "index"), True, "salt")
    kept.keep([postings.name(d) for d in before], build_index(before, cache=postings))
    postings.prune(before[1:])  # the changed article's last entry is lost
    names = [postings.name(document) for document in after]
    with caplog.at_level(logging.WARNING):
        assert updated(*kept.previous(names), after, names, postings) is None
    assert "rebuilt" in caplog.text


@pytest.mark.parametrize(
    ("changed", "processes"),
    [([1], 1), ([13], 1), ([0, 13], 1), ([0, 13], 3)],
)
def test_changed_articles_in_either_segment_equal_a_full_build(
    tmp_path, monkeypatch, changed, processes
):
    """Segments of 12: article 1 in the main one, 13 in the recent one; one
    article added too. The search files and pages equal a full build's,
    the shards written in place or by a worker started before its task."""
    monkeypatch.setattr(search_generator, "DOCUMENTS_PER_PROCESS", 4)
    setting = {"SITE_SEARCH_SEGMENT": 12, "SITE_SEARCH_PROCESSES": processes}
    content, cached = tmp_path / "content", tmp_path / "cached" / "output"
    texts = {
        f"a{n:02d}.txt": ARTICLE.format(
            title=f"River report {n}",
            day=n + 1,
            body=f"Rivers rose {n} times near bridge {n % 3}. " * (1 + n % 3),
        )
        for n in range(16)
    }
    write_files(content, texts)
    run_pelican(content, cached, **setting)
    for n in changed:
        write_files(
            content,
            {
                f"a{n:02d}.txt": ARTICLE.format(
                    # The same title: the same page (a bare Pelican run
                    # leaves an old page in place; site_output removes it).
                    title=f"River report {n}",
                    day=n + 1,
                    body=f"Floods closed bridge {n} and the ferries waited.",
                )
            },
        )
    write_files(
        content,
        {"new.txt": ARTICLE.format(title="Ferries", day=20, body="Ferries rose.")},
    )
    # The kept index is updated, not built again (a log line would do, but
    # Pelican drops a message it has logged before in this process).
    rebuilt = []
    monkeypatch.setattr(
        site_index, "build_index", lambda *task: rebuilt.append(task) or None
    )
    run_pelican(content, cached, **setting)
    assert rebuilt == []
    monkeypatch.undo()
    full = tmp_path / "full" / "output"
    run_pelican(content, full, LOAD_CONTENT_CACHE=False, SITE_SEARCH_SEGMENT=12)
    assert search_files(cached) == search_files(full)
    assert article_pages(cached) == article_pages(full)


def test_a_changed_article_that_gains_a_word_moves_later_lists(tmp_path):
    """The first article gains "river": in the third, "river" is held by two
    earlier articles instead of one, no longer a candidate; its list
    changes though it does not hold a word of the changed article's old
    version."""
    before = [
        Document("Bridges", "Closed bridges", "", "en"),
        *(Document(f"Item{n}", f"River number{n}", "", "en") for n in range(7)),
    ]
    after = [Document("Bridges", "Closed bridges on the river", "", "en"), *before[1:]]
    found, lists = kept_and_updated(str(tmp_path), before, after, related_count=3)
    fresh = build_index(after)
    assert_same_index(found, fresh)
    expected = related(fresh, [document.lang for document in after], 3)
    assert lists == expected
    assert expected != related(build_index(before), ["en"] * 8, 3)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(8), st.integers(0, 7))
def test_terms_of_are_a_documents_terms_that_can_relate_it(after, doc):
    """_terms_of's set intersection gives the terms of the document's entry
    (is_term) that two documents or more hold, each with its key number
    in _related_terms; None when the entry is missing."""
    with tempfile.TemporaryDirectory() as folder:
        postings = PostingsCache(f"{folder}/postings", True, "salt")
        index = build_index(after, cache=postings)
        names = [postings.name(document) for document in after]
        numbers = related_update._related_terms(index.postings)
        found = related_update._terms_of(doc, names, postings, numbers)
        assert found == {
            term
            for term in postings.load_named(names[doc])[0]
            if related_module.is_term(term) and len(index.postings[term][0]) > 1
        }
        assert all(index.postings.number(term) == numbers[term] for term in found)
        missing = [*names[:doc], "0" * 64, *names[doc + 1 :]]
        assert related_update._terms_of(doc, missing, postings, numbers) is None
