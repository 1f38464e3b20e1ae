"""analyse_tree over small trees: input shapes, metadata decisions, bad input."""

import os

import pytest
from article_reader.analysis import analyse_tree
from article_reader.records import PUBLISHED, SKIPPED
from article_reader.settings import ReaderOptions
from conftest import SEED, write_files

OPTIONS = ReaderOptions(languages=("en", "ko", "zh-Hant"), max_file_bytes=1_000_000)
BODY = "The first paragraph says what happened.\n\nThe second one quotes a witness.\n"


def analyse(tmp_path, files, options=OPTIONS):
    write_files(tmp_path, files)
    return analyse_tree(str(tmp_path), list(files), options)


def test_seed_yields_headline_caption_body_and_source(tmp_path):
    record = analyse(tmp_path, {"seed.txt": SEED.read_bytes()})["seed.txt"]
    assert record.status == PUBLISHED
    assert record.title == (
        "North Korea Kept Ukraine Invasion Secret to All Except Ruling Party Members"
    )
    assert record.captions == [
        "FILE - People watch a television screen showing a news broadcast with file "
        "footage of a North Korean missile test, at a railway station in Seoul, "
        "South Korea, on Feb. 27, 2022,"
    ]
    assert len(record.paragraphs) == 22
    assert record.paragraphs[0].startswith("North Korean authorities waited days")
    assert record.paragraphs[-1].endswith("wrote Ri.")
    assert record.source == "Radio Free Asia"
    assert record.lang == "en"
    assert {line.text for line in record.removed} == {
        "Accessibility links",
        "Breaking News",
        record.captions[0],
        "• 16x9 Image",
        "Radio Free Asia",
        record.removed[-1].text,
    }
    assert record.removed[-1].text.startswith("Radio Free Asia operates under")


def test_every_seed_paragraph_is_kept_verbatim(tmp_path):
    record = analyse(tmp_path, {"seed.txt": SEED.read_bytes()})["seed.txt"]
    source_lines = {" ".join(line.split()) for line in SEED.read_text().splitlines()}
    kept = {record.title, *record.captions, *record.paragraphs}
    removed = {line.text for line in record.removed}
    assert source_lines - {""} == kept | removed
    assert all(paragraph in source_lines for paragraph in record.paragraphs)


@pytest.mark.parametrize(
    ("text", "title", "title_source", "lang", "lang_source", "date_source", "source"),
    [
        (
            "Title: From the header\nDate: 2026-10-02\nLang: ko\n\n" + BODY,
            "From the header",
            "header",
            "ko",
            "header",
            "header",
            None,
        ),
        (
            "---\ntitle: Front matter\nsitename: Ledger\ndate: 2026-10-11\n---\n"
            + BODY,
            "Front matter",
            "header",
            "en",
            "detected from the text",
            "header",
            "Ledger",
        ),
        (
            "---\ntitle: Only a host\nhostname: ledger.example\n---\n" + BODY,
            "Only a host",
            "header",
            "en",
            "detected from the text",
            "file modification time",
            "ledger.example",
        ),
        (
            "Menu\n\nA bare headline here\n\n" + BODY,
            "A bare headline here",
            "headline",
            "en",
            "detected from the text",
            "file modification time",
            None,
        ),
        (
            "Title: Bad date\nDate: the day after\n\n" + BODY,
            "Bad date",
            "header",
            "en",
            "detected from the text",
            "file modification time",
            None,
        ),
    ],
)
def test_input_shapes(
    tmp_path, text, title, title_source, lang, lang_source, date_source, source
):
    record = analyse(tmp_path, {"a.txt": text})["a.txt"]
    assert (record.title, record.title_source) == (title, title_source)
    assert record.lang == lang
    assert record.lang_source.startswith(lang_source)
    assert record.date_source == date_source
    assert record.source == source
    assert record.paragraphs == [
        "The first paragraph says what happened.",
        "The second one quotes a witness.",
    ]


def test_date_from_modification_time(tmp_path):
    write_files(tmp_path, {"a.txt": "Headline words here\n\n" + BODY})
    os.utime(tmp_path / "a.txt", (1_700_000_000, 1_700_000_000))
    record = analyse_tree(str(tmp_path), ["a.txt"], OPTIONS)["a.txt"]
    assert record.date.isoformat() == "2023-11-14T22:13:20+00:00"


def test_language_from_folder_beats_detection(tmp_path):
    record = analyse(tmp_path, {"zh-Hant/a.txt": "Headline words here\n\n" + BODY})
    assert record["zh-Hant/a.txt"].lang == "zh-Hant"
    assert record["zh-Hant/a.txt"].lang_source == "folder"


def test_header_language_beats_folder(tmp_path):
    records = analyse(tmp_path, {"ko/a.txt": "Title: T\nLang: en\n\n" + BODY})
    assert records["ko/a.txt"].lang == "en"


def test_uyghur_is_right_to_left(tmp_path):
    text = "ئۈرۈمچىدە ئۈچ ئوقۇغۇچى تۇتقۇن قىلىندى\n\nئۇلارنىڭ بىر تۇغقىنى بۇ ھەقتە سۆزلىدى، دەپ ئېيتتى.\n"
    record = analyse(tmp_path, {"a.txt": text})["a.txt"]
    assert (record.lang, record.direction) == ("ug", "rtl")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "North Korea Kept Ukraine Invasion Secret",
            "north-korea-kept-ukraine-invasion-secret",
        ),
        ("Nhà báo tự do bị bắt ở Đồng Tháp", "nha-bao-tu-do-bi-bat-o-dong-thap"),
        ("북한 공무원이 장마당 단속에 나서자", "aa6dc9448e70a7df"),
        ("西藏多名僧人因向境外传递消息被拘留", "aa6dc9448e70a7df"),
    ],
)
def test_slugs(tmp_path, title, slug):
    records = analyse(
        tmp_path, {"000_aa6dc9448e70a7df.txt": f"Title: {title}\n\n{BODY}"}
    )
    assert records["000_aa6dc9448e70a7df.txt"].slug == slug


# Bad input: each is a warning naming the reason, and good files still publish.
LONG_CHROME = "Accessibility links\n\nBreaking News\n"


@pytest.mark.parametrize(
    ("content", "status", "warning"),
    [
        (b"", SKIPPED, "skipped: empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, SKIPPED, "skipped: binary file"),
        (bytes(range(256)) * 8, SKIPPED, "skipped: binary file"),
        (LONG_CHROME.encode(), SKIPPED, "skipped: no article text"),
        (
            "Ein Titel hier\n\nLe café était très apprécié, dit-il à la presse.\n".encode(
                "cp1252"
            ),
            PUBLISHED,
            "no single legacy encoding fits",
        ),
        (
            "标题在这里很长\n\n朝鲜当局在俄罗斯入侵乌克兰数天后才告诉全国人民。\n".encode(
                "gb2312"
            ),
            PUBLISHED,
            "decoded as gb18030",
        ),
        (
            ("Headline words here\n\n" + BODY).encode()
            + b"Bad \xff byte \xe2\x80\x9cok\xe2\x80\x9d.\n",
            PUBLISHED,
            "invalid UTF-8",
        ),
        (
            (
                "Headline\x00 words here\n\n" + BODY + "A\x07 bell and \x1b escape.\n"
            ).encode(),
            PUBLISHED,
            "3 NUL or control characters removed",
        ),
        (
            ("Title: Evil \u202etxt.exe\n\n" + BODY).encode(),
            PUBLISHED,
            "1 invisible or bidirectional override characters removed from the title",
        ),
    ],
)
def test_bad_input(tmp_path, content, status, warning):
    records = analyse(
        tmp_path, {"bad.txt": content, "good.txt": "Good headline here\n\n" + BODY}
    )
    assert records["good.txt"].status == PUBLISHED
    assert records["good.txt"].warnings == []
    assert records["bad.txt"].status == status
    assert any(warning in note for note in records["bad.txt"].warnings), records[
        "bad.txt"
    ].warnings


def test_huge_file_is_skipped_without_reading_it(tmp_path):
    with open(tmp_path / "huge.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB, sparse
    write_files(tmp_path, {"good.txt": "Good headline here\n\n" + BODY})
    records = analyse_tree(str(tmp_path), ["huge.txt", "good.txt"], OPTIONS)
    assert records["huge.txt"].status == SKIPPED
    assert records["huge.txt"].reason.startswith("file too large (52,428,800 bytes")
    assert records["good.txt"].status == PUBLISHED


def test_bidi_override_is_removed_from_inferred_title(tmp_path):
    records = analyse(
        tmp_path, {"a.txt": "Headline \u202ewith override\u202c here\n\n" + BODY}
    )
    assert records["a.txt"].title == "Headline with override here"


def test_duplicate_titles_are_both_published_with_a_warning(tmp_path):
    records = analyse(
        tmp_path,
        {"a.txt": "Title: Same\n\n" + BODY, "b.txt": "Title: same\n\n" + BODY.upper()},
    )
    assert records["a.txt"].status == records["b.txt"].status == PUBLISHED
    assert "duplicate title, also in b.txt" in records["a.txt"].warnings
    assert "duplicate title, also in a.txt" in records["b.txt"].warnings


def test_colliding_slugs_are_made_unique_and_stable(tmp_path):
    files = {
        "001_aaaa1111.txt": "Title: Floods in the delta\n\n" + BODY,
        "002_bbbb2222.txt": "Title: Floods in the Delta!\n\nOther text here.\n",
    }
    records = analyse(tmp_path, files)
    assert records["001_aaaa1111.txt"].slug == "floods-in-the-delta"
    assert records["002_bbbb2222.txt"].slug == "floods-in-the-delta-bbbb2222"
    assert any(
        "also wanted by 002_bbbb2222.txt" in w
        for w in records["001_aaaa1111.txt"].warnings
    )
    again = analyse_tree(str(tmp_path), list(reversed(files)), OPTIONS)
    assert {p: r.slug for p, r in again.items()} == {
        p: r.slug for p, r in records.items()
    }


def test_recurring_lines_need_enough_files(tmp_path):
    article = (
        "Nav line\n\nHeadline number {n} here\n\nBody sentence number {n} is here.\n"
    )
    files = {f"{n}.txt": article.format(n=n) for n in range(3)}
    records = analyse(tmp_path, files)
    assert all(
        r.removed[0].reason == "recurs verbatim in 3 files of the tree"
        for r in records.values()
    )
    two = analyse(tmp_path / "two", {f"{n}.txt": article.format(n=n) for n in range(2)})
    assert all(
        r.removed[0].reason == "navigation before the headline" for r in two.values()
    )


def test_unidentified_language_is_und_with_a_warning_not_english(tmp_path):
    records = analyse(tmp_path, {"a.txt": "Title: 12345\n\n2026 — 10:45 — 17 / 3\n"})
    record = records["a.txt"]
    assert (record.lang, record.lang_source) == ("und", "not identified")
    assert any("language not identified" in w for w in record.warnings)
    assert record.direction == "ltr"


def test_header_language_keeps_its_script_from_the_text(tmp_path):
    text = "Title: Вести\nLang: sr\n\nВлада је саопштила да ће услови бити измењени.\n"
    record = analyse(tmp_path, {"a.txt": text})["a.txt"]
    assert (record.lang, record.direction) == ("sr-Cyrl", "ltr")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("روزنامه‌نگاران در تهران از دولت شفافیت خواستند و در این باره نوشتند.", "fa"),
        ("طالب الصحفيون في القاهرة الحكومة بالشفافية وكتبوا كثيرا عن ذلك.", "ar"),
    ],
)
def test_persian_and_arabic_are_identified_and_right_to_left(tmp_path, text, lang):
    record = analyse(tmp_path, {"a.txt": f"Title: {text[:20]}\n\n{text}\n"})["a.txt"]
    assert (record.lang, record.direction) == (lang, "rtl")


def test_mixed_language_article_keeps_its_majority_language(tmp_path):
    text = (
        "Журналисты потребовали открытости\n\n"
        '"We will not stop reporting," the editor told the agency.\n\n'
        "Группа журналистов в понедельник потребовала от властей открытости.\n\n"
        "По их словам, за прошлый месяц на допрос вызвали десять репортёров.\n\n"
        "Власти пока не ответили на письмо редакций.\n"
    )
    record = analyse(tmp_path, {"a.txt": text})["a.txt"]
    assert (record.lang, record.direction) == ("ru", "ltr")


# Issue 14.3: in news scrapes the headline is the last non-body line before
# the body; the localised navigation lines before it (any script) are not it.
BODY_BY_SCRIPT = {
    "vi": (
        ["Liên kết truy cập", "Tin nóng"],
        "Phóng viên bị hành hung khi đưa tin về lũ lụt",
        "Một phóng viên đã bị tấn công vào sáng thứ Ba khi đang đưa tin. "
        "Cảnh sát cho biết họ đang điều tra vụ việc này.",
    ),
    "km": (
        ["ព័ត៌មានថ្មីៗ"],
        "អ្នកកាសែតម្នាក់ត្រូវបានវាយប្រហារនៅពេលរាយការណ៍ព័ត៌មាន",
        "អ្នកកាសែតម្នាក់ត្រូវបានវាយប្រហារកាលពីព្រឹកថ្ងៃអង្គារ ខណៈកំពុងរាយការណ៍ព័ត៌មានអំពី"
        "ទឹកជំនន់នៅក្នុងខេត្ត។ ប៉ូលិសបាននិយាយថាពួកគេកំពុងស៊ើបអង្កេតករណីនេះ។",
    ),
    "my": (
        ["အဓိကသတင်းများ"],
        "ရေကြီးမှုသတင်းယူနေစဉ် သတင်းထောက်တစ်ဦး တိုက်ခိုက်ခံရ",
        "အင်္ဂါနေ့နံနက်က ရေကြီးမှုအကြောင်း သတင်းယူနေစဉ် သတင်းထောက်တစ်ဦး "
        "တိုက်ခိုက်ခံခဲ့ရသည်။ ရဲတပ်ဖွဲ့က ဖြစ်ရပ်ကို စုံစမ်းစစ်ဆေးနေကြောင်း ပြောသည်။",
    ),
    "bo": (
        ["གསར་འགྱུར་གལ་ཆེན།"],
        "ཆུ་ལོག་གི་གསར་འགྱུར་སྒྲུབ་སྐབས་གསར་འགོད་པ་ཞིག་ལ་རྡུང་རྡེག་བྱས་པ",
        "གཟའ་མིག་དམར་གྱི་སྔ་དྲོར་ཆུ་ལོག་གི་གསར་འགྱུར་སྒྲུབ་སྐབས་གསར་འགོད་པ་ཞིག་ལ་རྡུང་རྡེག་"
        "བྱས་པ་རེད། སྐོར་སྲུང་པས་དོན་རྐྱེན་འདི་ལ་ཞིབ་བཤེར་བྱེད་བཞིན་ཡོད་ཅེས་བཤད་སོང་།",
    ),
}


@pytest.mark.parametrize("script", sorted(BODY_BY_SCRIPT))
def test_headline_is_the_last_non_body_line_before_the_body(tmp_path, script):
    navigation, headline, body = BODY_BY_SCRIPT[script]
    text = "\n\n".join([*navigation, headline, body, body.replace("。", "")[:40]])
    record = analyse(tmp_path, {f"{script}.txt": text})[f"{script}.txt"]
    assert record.title == headline
    removed = {line.text for line in record.removed}
    assert set(navigation) <= removed


def test_headline_written_twice_keeps_the_paragraph(tmp_path):
    title = "ລັດຖະບານປະກາດແຜນການໃໝ່"
    text = f"{title}\n\n{title}\n\nລັດຖະບານໄດ້ປະກາດແຜນການໃໝ່ໃນມື້ນີ້. ມັນຈະເລີ່ມໃນປີໜ້າ.\n"
    record = analyse(tmp_path, {"lo.txt": text})["lo.txt"]
    assert record.title == title
    assert record.paragraphs[0] == title
    assert record.captions == []


def test_cr_only_line_endings_give_positive_line_numbers(tmp_path):
    text = "Menu\rHome\rThe headline here\r" + "\r".join(
        ["The first paragraph says what happened, and where it did."] * 2
    )
    record = analyse(tmp_path, {"mac.txt": text.replace("Menu", "Menu")})["mac.txt"]
    assert record.removed
    assert all(line.number >= 1 for line in record.removed)
    assert [line.number for line in record.removed][:2] == [1, 2]


def test_chrome_only_file_is_skipped_but_a_duplicate_article_is_kept(tmp_path):
    masthead = "HAN RIVER DAILY | Seoul · Taipei\n\nHome\n\nWorld\n\nSports\n"
    article = (
        "A headline\n\nThe first paragraph says what happened, and where.\n\n"
        "A second paragraph quotes a witness who saw it happen.\n"
    )
    files = {f"{n}.txt": masthead for n in range(9)}
    files.update({f"dup{n}.txt": article for n in range(4)})
    records = analyse(tmp_path, files)
    assert records["0.txt"].status == SKIPPED
    assert records["dup0.txt"].status == PUBLISHED
    assert len(records["dup0.txt"].paragraphs) == 2


def test_front_matter_lists_and_summary_as_standfirst(tmp_path):
    text = (
        "---\ntitle: Breaking: floods\ntags: ['flood', 'weather']\n"
        "description: The river rose two metres overnight.\nsitename: Ledger\n---\n"
        "Breaking: floods\nResidents left their homes before dawn, officials said.\n"
    )
    record = analyse(tmp_path, {"tf.txt": text})["tf.txt"]
    assert record.title == "Breaking: floods"
    assert record.extra["tags"] == ["flood", "weather"]
    assert record.standfirst == "The river rose two metres overnight."
    assert record.source == "Ledger"
    assert record.paragraphs == [
        "Residents left their homes before dawn, officials said."
    ]


def test_cp1252_is_not_guessed_as_another_codepage(tmp_path):
    text = "Title: Café\n\nCafé déjà vu naïve, the article says so.\n"
    record = analyse(tmp_path, {"c.txt": text.encode("cp1252")})["c.txt"]
    assert "ą" not in record.paragraphs[0] and "ļ" not in record.paragraphs[0]
    assert any("replaced" in warning for warning in record.warnings)
