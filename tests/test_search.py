"""Search: analysis, index, shards (pure), and the query script in Chromium."""

import functools
import http.server
import json
import logging
import os
import shutil
import threading
import urllib.parse

import pytest
import site_search.generator
from conftest import ROOT, run_pelican
from site_search import related as related_module
from site_search.analysis import fold, terms
from site_search.export import alias_name, shard_name, shard_texts
from site_search.index import Document, _ranges, build_index, pack, unpack
from site_search.related import related
from site_search.settings import SettingsError, apply_defaults
from site_search.shard_text import doc_files, language_files
from site_search.workers import Job, WorkerError, processes_for

SEARCH_JS = ROOT / "theme" / "static" / "js" / "search.js"

ANALYSIS_SAMPLES = [
    ("North Korea KEPT secret", ["north", "korea", "kept", "secret"]),
    ("Nhà báo tự do Đồng Tháp", ["nha", "bao", "tu", "do", "dong", "thap"]),
    ("nha bao", ["nha", "bao"]),
    ("공무원이 장마당", ["공무", "무원", "원이", "장마", "마당"]),
    ("공무원", ["공무", "무원"]),
    ("西藏僧人", ["西藏", "藏僧", "僧人"]),
    ("台灣記者", ["台灣", "灣記", "記者"]),
    ("人", ["人"]),
    ("ལྷ་སར་དགོན་པ།", ["ལྷ", "སར", "དགོན", "པ"]),
    ("ئۇيغۇر تىلى", ["ۇىغۇر", "تىلى"]),
    ("ئۇيغۇر", terms("ۇيغۇر")),  # the hamza carrier may be left out
    ("ئۇيغۇر", terms("ئۇيغۇر")),
    # Bigrams of characters, a character being a letter with its marks.
    ("ရန်ကုန်", ["ရန်", "န်ကု", "ကုန်"]),
    ("ព័ត៌មាន", ["ព័ត៌", "ត៌មា", "មាន"]),
    ("ຂ່າວ", ["ຂ່າ", "າວ"]),
    ("<img src=x onerror=alert(1)>", ["img", "src", "x", "onerror", "alert", "1"]),
]


@pytest.mark.parametrize(("text", "expected"), ANALYSIS_SAMPLES)
def test_terms(text, expected):
    assert terms(text) == expected


def test_fold_keeps_length_for_latin_and_drops_arabic_marks():
    assert fold("Đồng Tháp") == "dong thap"
    assert fold("كِتاب") == "كتاب"


DOCS = [
    Document(
        "Floods in the delta",
        "Rice farmers lost their harvest to floods.",
        "Mekong Wire",
        "en",
    ),
    Document(
        "Police arrested a reporter", "The reporter was arrested at home.", "", "en"
    ),
    Document(
        "Arrests of reporters continue",
        "Two more reporters were arrested.",
        "Mekong Wire",
        "en",
    ),
    Document("Nhà báo bị bắt", "Công an bắt giữ nhà báo.", "", "vi"),
]


def postings_of(index, term) -> dict[int, int]:
    return dict(zip(*index.postings[term], strict=True))


def test_index_weights_title_over_body_and_aliases_stems():
    index = build_index(DOCS)
    assert (
        index.aliases["arrested"] == "arrest" and index.aliases["arrests"] == "arrest"
    )
    assert set(postings_of(index, "arrest")) == {1, 2}
    assert set(postings_of(index, "bao")) == {3}
    floods = postings_of(index, "flood")
    farmers = postings_of(index, "farmer")
    assert floods[0] > farmers[0]  # "flood" is also in the title


def test_source_is_indexed():
    index = build_index(DOCS)
    assert set(postings_of(index, "mekong")) == {0, 2}


def test_related_are_older_and_same_language():
    index = build_index(DOCS)
    lists = related(index, [doc.lang for doc in DOCS], 5)
    assert lists[0] == []  # nothing older
    # 1 shares "arrest" and "report"; 0 only the source: weaker
    assert lists[2] == [1, 0]
    assert lists[3] == []  # the only Vietnamese article


def _generated_documents(count: int) -> list[Document]:
    """Articles sharing words in overlapping runs, in two languages."""
    words = [f"word{n}" for n in range(40)]
    return [
        Document(
            f"{words[n % 40]} {words[(n * 7) % 40]}",
            " ".join(words[(n * 3 + k) % 40] for k in range(n % 9 + 3)),
            "",
            "en" if n % 3 else "de",
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("first", [0, 1, 17, 59, 60])
def test_related_lists_from_a_document_on_equal_the_whole(first):
    documents = _generated_documents(60)
    index = build_index(documents)
    languages = [document.lang for document in documents]
    whole = related(index, languages, 5)
    assert any(whole)  # the generated articles do relate
    assert related(index, languages, 5, first) == whole[first:]


@pytest.mark.parametrize("block", [1, 7, 60])
@pytest.mark.parametrize("packed", [False, True])
def test_related_lists_found_in_blocks_equal_one_pass(monkeypatch, block, packed):
    documents = _generated_documents(60)
    index = build_index(documents)
    if not packed:  # the dict of postings small indexes have
        index.postings = dict(index.postings.items())
    languages = [document.lang for document in documents]
    whole = related(index, languages, 5)
    monkeypatch.setattr(related_module, "RELATED_BLOCK", block)
    assert related(index, languages, 5) == whole
    assert related(index, languages, 5, 17) == whole[17:]


@pytest.mark.parametrize(
    ("count", "processes", "expected"),
    [
        (10, 1, [(0, 10)]),
        (10, 2, [(0, 5), (5, 10)]),
        (10, 3, [(0, 3), (3, 7), (7, 10)]),
        (2, 4, [(0, 1), (1, 2)]),
        (0, 2, [(0, 0)]),
    ],
)
def test_ranges_cover_everything_once(count, processes, expected):
    assert _ranges(count, processes) == expected


def generated_documents(count: int) -> list[Document]:
    words = ["flood", "rice", "harvest", "police", "reporter"]
    words += ["court", "border", "trade", "river"]
    return [
        Document(
            f"{words[n % 9]} {words[n * 7 % 9]} {n}",
            " ".join(words[(n * k) % 9] for k in range(n % 13 + 3)),
            ["Mekong Wire", "Delta Radio"][n % 2],
            ["en", "vi"][n % 3 == 0],
        )
        for n in range(count)
    ]


@pytest.mark.slow
def test_worker_processes_give_the_same_index():
    documents = generated_documents(60)
    alone = build_index(documents, processes=1)
    assert build_index(documents, processes=3) == alone
    assert pack(alone) != pack(build_index(documents[:59]))
    assert unpack([pack(alone)], alone.count) == alone


@pytest.mark.slow
def test_a_site_indexed_by_worker_processes_is_byte_identical(
    sample_site, tmp_path, monkeypatch, caplog
):
    monkeypatch.setattr(site_search.generator, "DOCUMENTS_PER_PROCESS", 10)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795953600")  # as sample_site
    caplog.set_level(logging.INFO, logger="site_search")
    output = tmp_path / "output"
    run_pelican(ROOT / "content", output, SITE_SEARCH_PROCESSES=3)
    assert "Search: 35 articles, 3 processes" in caplog.text
    files = sorted(p.relative_to(output) for p in output.rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(sample_site.output)
        for p in sample_site.output.rglob("*")
        if p.is_file()
    )
    for name in files:
        assert (output / name).read_bytes() == (
            sample_site.output / name
        ).read_bytes(), name


def _process_id(argument):
    return os.getpid(), argument


def _fail(argument):
    raise OSError(argument)


@pytest.mark.slow
def test_a_job_runs_in_another_process_and_reports_failure(capfd, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT / "tests"))  # to import this file
    pid, echoed = Job(_process_id, "data").result()
    assert pid != os.getpid() and echoed == "data"
    with pytest.raises(WorkerError, match="_fail exited with status 1"):
        Job(_fail, "disk full").result()
    assert "OSError: disk full" in capfd.readouterr().err  # its traceback


@pytest.mark.parametrize(
    ("items", "wanted", "expected"),
    [(100, 4, 1), (1000, 4, 2), (5000, 2, 2), (5000, 1, 1), (0, 4, 1)],
)
def test_processes_only_for_large_sites(items, wanted, expected):
    assert processes_for(items, 500, wanted) == expected


@pytest.mark.parametrize(
    ("name", "value"),
    [("SITE_SEARCH_PROCESSES", -1), ("SITE_SEARCH_RELATED", "5")],
)
def test_bad_settings_name_the_setting(name, value):
    with pytest.raises(SettingsError, match=name):
        apply_defaults({name: value})


def parsed(files, name: str):
    """The data of shard `name` (in t/, or r/ for the recent segment's)."""
    text = files[f"r/{name[1:]}.js" if name.startswith("r") else f"t/{name}.js"]
    prefix = f"SamizdatSearch.shard({json.dumps(name)},"
    assert text.startswith(prefix)
    return json.loads(text[len(prefix) : -3])


def head_of(files, key):
    """The parsed main head file holding `key`, and the bucket counts."""
    meta = files["meta.js"]
    buckets = json.loads(meta.split('SamizdatSearch.meta("buckets",')[1].split(");")[0])
    return parsed(files, shard_name(key, buckets)), buckets


def test_shards_are_scripts_by_hashed_prefix():
    index = build_index(DOCS)
    # Segments of 2: all four documents in the main one.
    files = dict(shard_texts(pack(index), index.count, 2))
    shard, buckets = head_of(files, "arrest")
    # Words sharing their first three letters share a head; unspaced terms
    # go by their first character.
    assert shard_name("arrest", buckets) == shard_name("arrests", buckets)
    assert shard_name("공무", buckets) == shard_name("공원", buckets)
    assert shard_name("chờ", buckets) == shard_name("cho", buckets)
    aliases = parsed(files, alias_name("arrests", buckets))["a"]
    assert {"arrested": "arrest", "arrests": "arrest"}.items() <= aliases.items()
    # [postings, chunks, doc gap, weight, ...]: doc ids 1 then 1 + 1
    assert shard["p"]["arrest"][:2] == [2, 1]
    assert shard["p"]["arrest"][2::2] == [1, 1]
    # Every bucket has its head file, whether or not a key fell in it.
    heads = [n for n in files if n.startswith("t/") and "-" not in n]
    assert len(heads) == buckets["t"] + buckets["q"] + buckets["a"]
    recent = [n for n in files if n.startswith("r/")]
    assert len(recent) == buckets["rt"] + buckets["rq"]  # empty heads
    assert "arrest" not in parsed(files, shard_name("arrest", buckets, "r"))["p"]
    # Three documents in segments of 2: the third in the recent one, and
    # each head with its segment's part of the list.
    files = dict(shard_texts(pack(build_index(DOCS[:3])), 3, 2))
    shard, buckets = head_of(files, "arrest")
    recent = parsed(files, shard_name("arrest", buckets, "r"))["p"]["arrest"]
    assert shard["p"]["arrest"][:3] == [1, 1, 1] and recent[:3] == [1, 1, 2]
    assert language_files([{"l": "en"}, {"l": "vi"}, {"l": "en"}, {"l": "en"}]) == {
        "l/en.js": 'SamizdatSearch.lang("en",[0,2,1]);\n',
        "l/vi.js": 'SamizdatSearch.lang("vi",[1]);\n',
    }
    docs = doc_files(
        [
            {
                "t": "<b>x</b>",
                "u": "en/x.html",
                "i": "2026-01-01",
                "s": "",
                "l": "en",
                "r": "ltr",
                "x": "y" * 5000,
            }
        ]
    )
    assert len(docs["d/0.js"]) < 1400
    assert '"t":"<b>x</b>"' in docs["d/0.js"]  # data, never markup: see search.js


def test_query_script_uses_only_classic_script_loading():
    source = SEARCH_JS.read_text(encoding="utf-8")
    for forbidden in [
        "fetch(",
        "XMLHttpRequest",
        "import(",
        "Worker(",
        "WebAssembly",
        "?ts=",
        "innerHTML",
        "eval(",
    ]:
        assert forbidden not in source, forbidden


# In the browser ---------------------------------------------------------

QUERIES = [
    ("herders plateau", "023_06f41021ba446abb.txt"),
    ("nha bao tu do", "001_d32e3cfd67fdc852.txt"),
    ("Nhà báo tự do", "001_d32e3cfd67fdc852.txt"),
    ("공무원", "ko/024_bc61278492e0f439.txt"),
    ("僧人 拘留", "020_110d1e875738fb6d.txt"),
    ("書店", "zh-Hant/028_fa35364831860f0f.txt"),
    ("སློབ་གྲྭ", "015_2413d96b1b2b9066.txt"),
    ("كىتابلار", "019_4ac917cfeea3082d.txt"),
    ("ဒုက္ခသည်", "012_06528ecaff40fecc.txt"),
    ("កម្មករ", "006_1ccb6d009c352d04.txt"),
    ("ນ້ຳມັນ", "009_048133130a2ab546.txt"),
    ("bookshop searc", "en/031_b7854cddfdcdbda3.txt"),  # last word as a prefix
]


@pytest.fixture(scope="module")
def search_page(browser):
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def search(page, base: str, query: str, **more):
    page.goto(f"{base}search.html?{urllib.parse.urlencode({'q': query, **more})}")
    page.wait_for_function(
        "document.getElementById('search-status').textContent !== ''"
    )
    links = page.locator("#search-results ol > li > a")
    return [links.nth(i).get_attribute("href") for i in range(links.count())]


def expected_href(site, path):
    entry = site.entry(path)
    return f"{entry['lang']}/{entry['slug']}.html"


@pytest.mark.parametrize(("query", "path"), QUERIES)
def test_one_query_per_language_over_file_urls(sample_site, search_page, query, path):
    base = sample_site.output.as_uri() + "/"
    hrefs = search(search_page, base, query)
    assert hrefs, query
    assert hrefs[0] == base + expected_href(sample_site, path)


def test_results_markup_and_status(sample_site, search_page):
    base = sample_site.output.as_uri() + "/"
    search(search_page, base, "공무원")
    item = search_page.locator("#search-results > ol > li").first
    assert item.get_attribute("lang") == "ko" and item.get_attribute("dir") == "ltr"
    assert search_page.locator("#search-results mark").first.inner_text() in (
        "공무",
        "무원",
    )
    assert search_page.locator("[role=status]").inner_text() == "Articles found: 1"
    assert search_page.locator("#search-nojs").is_hidden()
    assert search_page.locator("#q").input_value() == "공무원"
    search(search_page, base, "ئۇيغۇر")
    assert (
        search_page.locator("#search-results > ol > li").first.get_attribute("dir")
        == "rtl"
    )


def test_no_hits_and_html_in_the_query(sample_site, search_page):
    base = sample_site.output.as_uri() + "/"
    assert search(search_page, base, "zzqqxx") == []
    assert (
        search_page.locator("[role=status]").inner_text()
        == "No article matches this search."
    )
    query = "<img src=x onerror=alert(1)>"
    search(search_page, base, query)
    assert search_page.locator("#q").input_value() == query
    assert search_page.locator("main img").count() == 0
    assert search_page.dialogs == []


def result_languages(page) -> list[str]:
    items = page.locator("#search-results > ol > li")
    return [items.nth(i).get_attribute("lang") for i in range(items.count())]


def test_search_limited_to_one_language(sample_site, search_page):
    base = sample_site.output.as_uri() + "/"
    search(search_page, base, "政府")
    everywhere = result_languages(search_page)
    assert {"zh-Hans", "zh-Hant"} <= set(everywhere)
    requested = []
    search_page.on("request", lambda request: requested.append(request.url))
    search(search_page, base, "政府", lang="zh-Hant")
    assert result_languages(search_page) == [
        lang for lang in everywhere if lang == "zh-Hant"
    ]
    assert search_page.locator("#search-lang").input_value() == "zh-Hant"
    assert any(url.endswith("/search/l/zh-Hant.js") for url in requested)
    # A value the page does not offer is ignored, never loaded as a path.
    requested.clear()
    search(search_page, base, "政府", lang="../meta")
    assert result_languages(search_page) == everywhere
    assert search_page.locator("#search-lang").input_value() == ""
    assert not any("/search/l/" in url for url in requested)


def test_query_rules_match_python(sample_site, search_page):
    search_page.goto(sample_site.output.as_uri() + "/search.html")
    search_page.wait_for_function("window.SamizdatSearch.loadedRules")
    for text, _ in ANALYSIS_SAMPLES:
        assert search_page.evaluate("t => SamizdatSearch.terms(t)", text) == terms(
            text
        ), text


def test_search_under_a_path_prefix_over_http(sample_site, search_page, tmp_path):
    mirror = tmp_path / "www" / "mirror" / "x"
    shutil.copytree(sample_site.output, mirror)
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "www")
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.RequestHandlerClass.log_message = lambda *args: None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    requested = []
    search_page.on("request", lambda request: requested.append(request.url))
    try:
        base = f"http://127.0.0.1:{server.server_port}/mirror/x/"
        hrefs = search(search_page, base, "공무원")
        assert hrefs[0] == base + expected_href(
            sample_site, "ko/024_bc61278492e0f439.txt"
        )
        assert requested and all(url.startswith(base) for url in requested)
        # Only the shards of the query's terms, and the shown results' data.
        loaded = sorted(
            u[len(base) + len("search/") :] for u in requested if "/search/" in u
        )
        # The terms' heads and aliases, then the pair's ("공무 무원"), by
        # their buckets, in both segments.
        buckets = search_page.evaluate("SamizdatSearch.buckets()")
        keys = [*terms("공무원"), "공무 무원"]
        shards = {f"t/{shard_name(key, buckets)}.js" for key in keys}
        shards |= {f"r/{shard_name(key, buckets, 'r')[1:]}.js" for key in keys}
        shards |= {f"t/{alias_name(term, buckets)}.js" for term in terms("공무원")}
        docs = [name for name in loaded if name.startswith("d/")]
        assert len(docs) == len(hrefs) == 1
        expected = {"rules.js", "meta.js", *shards}
        assert sorted(set(loaded) - set(docs)) == sorted(expected)
    finally:
        server.shutdown()


def test_related_articles_on_article_pages(sample_site):
    html = (
        sample_site.output / expected_href(sample_site, "ko/026_002e7fb62d6eab6d.txt")
    ).read_text()
    assert "<h2>관련 기사</h2>" in html


def test_the_output_holds_the_query_script_minified(sample_site):
    from site_search.minify import minified

    built = (sample_site.output / "theme" / "js" / "search.js").read_text()
    assert built == minified(SEARCH_JS.read_text(encoding="utf-8"))
    assert len(built) < 0.6 * len(SEARCH_JS.read_text(encoding="utf-8"))


def test_results_page_passes_axe(sample_site, browser):
    from test_browser import AXE, AXE_TAGS

    context = browser.new_context(
        bypass_csp=True, viewport={"width": 320, "height": 700}
    )
    page = context.new_page()
    try:
        for query in ["nha bao", "ئۇيغۇر", "zzqqxx"]:
            search(page, sample_site.output.as_uri() + "/", query)
            page.add_script_tag(path=str(AXE))
            results = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                AXE_TAGS,
            )
            assert [v["id"] for v in results["violations"]] == [], query
    finally:
        context.close()
