"""Identification and direction: pure functions, one case per language family."""

from pathlib import Path

import pytest
from article_reader.identify import UNDETERMINED, choose_among, identify
from article_reader.language import (
    NEWSROOM_LANGUAGES,
    add_script,
    detect_language,
    language_from_path,
    normalize_language_tag,
    site_choice,
)
from article_reader.scripts import (
    arabic_script_language,
    ethiopic_language,
    not_bashkir,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from samizdat_contract import text_direction

EXTRACTS = Path(__file__).parent / "fixtures" / "langid"

IDENTIFIED = [
    # One sentence per language, written for these tests in the shape of a
    # news lede (the ten first, then the newsroom languages of issue 10).
    (
        "North Korea kept the invasion of Ukraine secret from most of its citizens for weeks.",
        "en",
    ),
    ("Nhà báo tự do bị bắt sau loạt bài về đất đai ở Đồng Tháp.", "vi"),
    ("북한 공무원이 장마당 단속에 나서자 주민들이 반발하고 있다.", "ko"),
    ("西藏多名僧人因向境外传递消息被拘留，当地政府没有回应。", "zh-Hans"),
    ("台灣記者赴中國採訪遭拒絕入境，國台辦沒有回應本報的查詢。", "zh-Hant"),
    ("ལྷ་སར་དགོན་པའི་གྲྭ་པ་ཁག་ཅིག་བཙོན་འཇུག་བྱས་པ།", "bo"),
    ("ئۈرۈمچىدە ئۈچ ئۇيغۇر ئوقۇغۇچى تۇتقۇن قىلىندى.", "ug"),
    ("ရန်ကုန်တွင် သတင်းထောက်နှစ်ဦး ဖမ်းဆီးခံရ။", "my"),
    ("អ្នកសារព័ត៌មានម្នាក់ត្រូវបានចាប់ខ្លួននៅខេត្តសៀមរាប។", "km"),
    ("ນັກຂ່າວອິດສະຫຼະຖືກຈັບຢູ່ແຂວງບໍລິຄຳໄຊ.", "lo"),
    (
        "Журналисты в Москве потребовали от правительства открытости и много писали об этом.",
        "ru",
    ),
    ("Журналісти в Києві вимагали від уряду відкритості й багато писали про це.", "uk"),
    (
        "Журналісты ў Мінску патрабавалі ад урада адкрытасці і шмат пісалі пра гэта.",
        "be",
    ),
    (
        "Новинари у Београду захтевали су од владе транспарентност и много су писали о томе.",
        "sr-Cyrl",
    ),
    (
        "Novinari u Beogradu zahtevali su od vlade transparentnost i mnogo su pisali o tome posle izbora.",
        "sr-Latn",
    ),
    ("روزنامه‌نگاران در تهران از دولت شفافیت خواستند و در این باره بسیار نوشتند.", "fa"),
    ("طالب الصحفيون في القاهرة الحكومة بالشفافية وكتبوا كثيرا عن ذلك.", "ar"),
    (
        "کراچی میں صحافیوں نے حکومت سے شفافیت کا مطالبہ کیا اور اس بارے میں بہت کچھ لکھا۔",
        "ur",
    ),
    (
        "په کابل کې خبریالانو له حکومت څخه د روڼتیا غوښتنه وکړه او په دې اړه یې ډېر ولیکل.",
        "ps",
    ),
    (
        "İstanbul'da gazeteciler hükümetten şeffaflık talep etti ve bu konuda çok yazdılar.",
        "tr",
    ),
    (
        "Bakıda jurnalistlər hökumətdən açıqlıq tələb etdilər və bu barədə çox yazdılar.",
        "az-Latn",
    ),
    (
        "Toshkentda jurnalistlar hukumatdan oshkoralikni talab qilishdi va bu haqda ko'p yozishdi.",
        "uz-Latn",
    ),
    (
        "Тошкентда журналистлар ҳукуматдан ошкораликни талаб қилишди ва бу ҳақда кўп ёзишди.",
        "uz-Cyrl",
    ),
    (
        "Алматыда журналистер үкіметтен ашықтықты талап етті және бұл туралы көп жазды.",
        "kk-Cyrl",
    ),
    (
        "Казанда журналистлар хөкүмәттән ачыклык таләп иттеләр һәм бу турыда күп яздылар.",
        "tt-Cyrl",
    ),
    ("በአዲስ አበባ ያሉ ጋዜጠኞች ከመንግሥት ግልጽነት ጠይቀዋል።", "am"),
    ("ኣብ ኣስመራ ዘለዉ ጋዜጠኛታት ካብ መንግስቲ ግሉጽነት ሓቲቶም።", "ti"),
    (
        "Weriyeyaasha Muqdisho ayaa dowladda ka dalbaday daah-furnaan, waxayna arrintaas ka qoreen wax badan.",
        "so",
    ),
    (
        "'Yan jarida a Kano sun bukaci gwamnati ta yi gaskiya kuma sun yi rubutu da yawa game da hakan.",
        "ha",
    ),
    (
        "Waandishi wa habari jijini Nairobi walidai uwazi kutoka kwa serikali na waliandika mengi kuhusu hilo.",
        "sw",
    ),
    ("दिल्ली में पत्रकारों ने सरकार से पारदर्शिता की मांग की और इस बारे में बहुत कुछ लिखा।", "hi"),
    ("ঢাকায় সাংবাদিকরা সরকারের কাছে স্বচ্ছতা দাবি করেছেন এবং এ বিষয়ে অনেক লিখেছেন।", "bn"),
    ("சென்னையில் பத்திரிகையாளர்கள் அரசாங்கத்திடம் வெளிப்படைத்தன்மையைக் கோரினர்.", "ta"),
    ("นักข่าวในกรุงเทพฯ เรียกร้องความโปร่งใสจากรัฐบาล", "th"),
    (
        "Para wartawan di Jakarta menuntut keterbukaan dari pemerintah dan menulis banyak tentang hal itu.",
        "id",
    ),
    ("თბილისში ჟურნალისტებმა მთავრობისგან გამჭვირვალობა მოითხოვეს.", "ka"),
    ("Երևանում լրագրողները կառավարությունից թափանցիկություն պահանջեցին։", "hy"),
    (
        "Los periodistas de Madrid exigieron transparencia al gobierno y escribieron mucho sobre ello.",
        "es",
    ),
    (
        "Les journalistes de Paris ont exigé la transparence du gouvernement et ont beaucoup écrit à ce sujet.",
        "fr",
    ),
    (
        "Os jornalistas de Lisboa exigiram transparência do governo e escreveram muito sobre isso.",
        "pt",
    ),
    (
        "Die Journalisten in Berlin forderten von der Regierung Transparenz und schrieben viel darüber.",
        "de",
    ),
    (
        "Dziennikarze w Warszawie domagali się od rządu przejrzystości i dużo o tym pisali.",
        "pl",
    ),
    ("העיתונאים בירושלים דרשו מהממשלה שקיפות וכתבו על כך רבות.", "he"),
]


@pytest.mark.parametrize(("text", "language"), IDENTIFIED)
def test_identify(text, language):
    assert identify(text).tag == language


def extract_lines() -> list:
    """(line, tag) of every tests/fixtures/langid/<tag>[.<source>].txt."""
    return [
        pytest.param(line, path.name.split(".")[0], id=f"{path.stem}-{number + 1}")
        for path in sorted(EXTRACTS.glob("*.txt"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines())
        if line.strip()
    ]


@pytest.mark.parametrize(("text", "language"), extract_lines())
def test_identify_real_extracts(text, language):
    """Real text by others (tests/fixtures/README.md names the sources)."""
    assert identify(text).tag == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # English quoting a Vietnamese place name stays English.
        ("Reporters travelled to Hà Nội to meet the families of the detained.", "en"),
        # Korean with a few Hanja is Korean.
        ("北韓 당국은 러시아의 우크라이나 침공 사실을 주민들에게 알렸다.", "ko"),
        # Chinese naming Latin-script products is Chinese.
        ("Apple 或取消皮革 iPhone 手機套，用家會喜歡甚麼質材的手機套？", "zh-Hant"),
        # Punjabi in Gurmukhi and Mongolian in its own script name the script.
        ("ਦਿੱਲੀ ਵਿੱਚ ਪੱਤਰਕਾਰਾਂ ਨੇ ਸਰਕਾਰ ਤੋਂ ਪਾਰਦਰਸ਼ਤਾ ਦੀ ਮੰਗ ਕੀਤੀ।", "pa-Guru"),
        # Japanese has kana among its Han characters.
        ("東京の記者たちは政府に情報の公開を求めた。", "ja"),
        # Serbian in Latin letters with Croatian-looking words is Serbian
        # when its forms are ekavian.
        ("Vlada je posle sednice saopštila da će uslovi biti izmenjeni.", "sr-Latn"),
        # Serbian and Croatian write đ, Romanian ă: letters Vietnamese also
        # writes, but not Vietnamese.
        (
            "Predsednik je takođe rekao da će građani između dva izbora odlučiti o budžetu.",
            "sr-Latn",
        ),
        ("Đurđevdan je blagdan koji se slavi u svibnju, rekao je gradonačelnik.", "hr"),
        (
            "Guvernul a adoptat astăzi o hotărâre privind creșterea salariilor după o săptămână de negocieri.",
            "ro",
        ),
    ],
)
def test_identify_mixed_and_close(text, language):
    assert identify(text).tag == language


@pytest.mark.parametrize(
    "text",
    [
        "",
        "12345 --- !!!",
        "Ok.",  # too short to tell one Latin-script language from another
        "ᚠᚢᚦᚨᚱᚲ ᚷᚹᚺᚾᛁᛃ ᛇᛈᛉᛊᛏᛒ",  # runes: a script no language here uses
        "asdf qwer zxcv uiop hjkl bnm",
    ],
)
def test_unidentifiable_text_is_undetermined_never_english(text):
    found = identify(text)
    assert found.tag == UNDETERMINED
    assert not found.identified
    assert found.reason


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Persian, Arabic and Pashto must never be taken for Uyghur.
        ("روزنامه‌نگاران در تهران از دولت شفافیت خواستند.", None),
        ("طالب الصحفيون في القاهرة الحكومة بالشفافية.", None),
        ("په کابل کې خبریالانو له حکومت څخه د روڼتیا غوښتنه وکړه.", "ps"),
        # Pashto whose only letter of its own is the ې of "کې": Pashto, as
        # long as no Uyghur vowel is there (Uyghur writes ې too).
        ("هغه په مدرسه کې درس وايي او هر ملت حق لري.", "ps"),
        ("ئۇ بېيجىڭدا ئىشلەيدۇ ۋە ھەر كۈنى خەت يازىدۇ.", "ug"),
        ("کراچی میں صحافیوں نے حکومت سے شفافیت کا مطالبہ کیا۔", "ur"),
        ("ئۈرۈمچىدە ئۈچ ئۇيغۇر ئوقۇغۇچى تۇتقۇن قىلىندى.", "ug"),
        ("ڕۆژنامەنووسان لە هەولێر داوای ڕوونییان لە حکومەت کرد.", "ckb"),
    ],
)
def test_arabic_script_letters(text, language):
    assert arabic_script_language(text) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Tigrinya headlines without ኣ: told by ሓ and the ኸ series.
        ("ሓደ ሰብ ክኸይድ ደልዩ", "ti"),
        ("ሃገራት ሓገዝ ገንዘብ ሓቲተን", "ti"),
        ("ኣብ ከተማ ሓድሽ ቤት ትምህርቲ ተኸፊቱ", "ti"),
        # Amharic writes አ; a headline with none of either is Amharic.
        ("የኢትዮጵያ መንግሥት አዲስ በጀት አጸደቀ", "am"),
        ("ዝናብ በከተማው ጎርፍ አስከተለ", "am"),
        ("የዋጋ ንረት ቀጥሏል", "am"),
        # A Tigrinya sentence without any of those letters, or spelling ኣብ
        # as አብ, is told by its small words (እቲ, ናብ, እዩ, ነይሩ); an Amharic
        # one with a ሓ by its own (እና).
        ("እቲ ሰብ ናብ ቤት ትምህርቲ ከይዱ እዩ", "ti"),
        ("አብ ከተማ ሓደ ሰብ ነይሩ", "ti"),
        ("ሓሙስ ዕለት ጋዜጠኛው ፍርድ ቤት ቀረበ እና ተከሰሰ", "am"),
    ],
)
def test_ethiopic_letters(text, language):
    assert ethiopic_language(text) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Uzbek with ў, or with қ ғ ҳ only (Tatoeba sentences): the model's
        # Uzbek label covers both scripts.
        (
            "Аммо кофе яхши эмас. Сув кўрмай этик ечма. Ашула айтиш яхши кўрасизми?",
            "uz-Cyrl",
        ),
        (
            "Кимса бир уруш истаяпти. У ҳозир хат ёяпти. Гиламда ухлаш жуда яхши!",
            "uz-Cyrl",
        ),
        # Belarusian writes ў with і; Kazakh қ ғ with ә і ң; Tajik ҳ with ӣ ӯ.
        ("Журналісты ў Мінску патрабавалі ад урада адкрытасці і шмат пісалі.", "be"),
        ("Қазақстан журналистері үкіметтен ашықтықты талап етті.", "kk-Cyrl"),
        ("Рӯзноманигорон дар Душанбе аз ҳукумат шаффофиятро талаб карданд.", "tg"),
        # Russian quoting one Uzbek name stays Russian.
        ("Журналисты в Ташкенте встретились с Ғайратом и много писали об этом.", "ru"),
    ],
)
def test_cyrillic_uzbek(text, language):
    assert identify(text).tag == language


@pytest.mark.parametrize(
    ("text", "ruled_out"),
    [
        # Tatar: long enough to show ҙ, ҫ or ҡ if it were Bashkir.
        (
            "Казанда журналистлар хөкүмәттән ачыклык таләп иттеләр һәм бу турыда күп яздылар.",
            True,
        ),
        # Bashkir writes them.
        (
            "Өфөлә журналистар хөкүмәттән асыҡлыҡ талап итте һәм был тураһында күп яҙҙы.",
            False,
        ),
        # Too short to tell: the model decides.
        ("Бу турыда күп яздылар.", False),
    ],
)
def test_not_bashkir(text, ruled_out):
    assert not_bashkir(text) is ruled_out


DEFAULT_SITE = ("en", "vi", *NEWSROOM_LANGUAGES)


@pytest.mark.parametrize(
    ("tag", "site_languages", "chosen"),
    [
        # The default languages hold sr-Latn and id, not hr, bs or ms.
        ("hr", DEFAULT_SITE, "sr-Latn"),
        ("bs-Latn", DEFAULT_SITE, "sr-Latn"),
        ("sr-Latn", DEFAULT_SITE, "sr-Latn"),
        ("ms", DEFAULT_SITE, "id"),
        # A Croatian or Bosnian newsroom lists its own language.
        ("sr-Latn", ("hr", "en"), "hr"),
        ("hr", ("bs", "de"), "bs-Latn"),
        ("id", ("ms",), "ms"),
        # Several members listed, or none: the identifier's tag stands.
        ("hr", ("sr-Latn", "hr"), "hr"),
        ("bs-Latn", ("sr-Latn", "hr", "bs"), "bs-Latn"),
        ("hr", ("en", "de"), "hr"),
        # Outside any group, and Serbian in Cyrillic: untouched.
        ("sr-Cyrl", ("hr",), "sr-Cyrl"),
        ("de", DEFAULT_SITE, "de"),
        ("und", DEFAULT_SITE, "und"),
    ],
)
def test_site_choice_within_a_confusable_group(tag, site_languages, chosen):
    assert site_choice(tag, site_languages) == chosen


CROATIAN_LOOKING = (
    "Vlada je nakon sjednice priopćila da će se uvjeti promijeniti do "
    "kraja godine, a ministri su odbili komentirati odluku."
)


@pytest.mark.parametrize(
    ("site_languages", "language"),
    [
        (DEFAULT_SITE, "sr-Latn"),
        (("hr",), "hr"),
        ((), "hr"),
    ],
)
def test_detect_language_applies_the_site_choice(site_languages, language):
    found = detect_language(CROATIAN_LOOKING, site_languages)
    assert found.tag == language
    if language == "sr-Latn":
        assert "the site's language" in found.reason


@pytest.mark.parametrize(
    ("text", "tags", "chosen"),
    [
        (CROATIAN_LOOKING, ("sr-Latn", "hr"), "hr"),
        (CROATIAN_LOOKING, ("sr-Latn", "bs-Latn"), "bs-Latn"),
        (
            "Vlada je posle sednice saopštila da će uslovi biti izmenjeni.",
            ("sr-Latn", "hr"),
            "sr-Latn",
        ),
    ],
)
def test_choose_among_the_site_languages(text, tags, chosen):
    assert choose_among(text, tags) == chosen


def test_detect_language_reads_past_an_opening_of_names():
    # A live report opening on a score box: names, times, a stadium.
    opening = "Match en direct\n- DATE : 27/09/2020\n- Horaires : 17h00\nLorient"
    rest = (
        "C'est terminé au stade ! Lorient a tenu tête à Lyon dans ce match qui "
        "se termine sur un score nul. Le gardien a perdu trop de temps avant "
        "de jouer un coup franc, et l'arbitre lui a donné un carton jaune."
    )
    assert detect_language(opening).tag == UNDETERMINED
    found = detect_language(opening, (), rest)
    assert found.tag == "fr"
    assert "read past the opening" in found.reason
    # Menus all the way down stay undetermined.
    assert detect_language(opening, (), "Accueil\nContact\nFAQ").tag == UNDETERMINED


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_identify_never_crashes_and_gives_a_tag(text):
    found = identify(text)
    assert found.tag == UNDETERMINED or found.tag[:2].isalpha()
    assert found.tag != "en" or sum(c.isalpha() for c in text) >= 20


@pytest.mark.parametrize(
    ("tag", "normalized"),
    [
        ("en", "en"),
        ("EN-us", "en"),
        ("vi-VN", "vi"),
        ("ko_KR", "ko"),
        ("zh-CN", "zh-Hans"),
        ("zh-TW", "zh-Hant"),
        ("zh-hant", "zh-Hant"),
        ("zh", None),
        ("und", None),
        ("bod", "bo"),
        ("uig", "ug"),
        ("fr", "fr"),
        ("pt-br", "pt-BR"),
        ("sr-latn", "sr-Latn"),
        ("rus", "ru"),
        ("per", "fa"),
        ("iw", "he"),
        ("sh", "sr-Latn"),
        ("not a tag", None),
    ],
)
def test_normalize_language_tag(tag, normalized):
    assert normalize_language_tag(tag) == normalized


@pytest.mark.parametrize(
    ("tag", "text", "tagged"),
    [
        ("sr", "Новинари у Београду захтевали су од владе транспарентност.", "sr-Cyrl"),
        ("sr", "Novinari u Beogradu zahtevali su od vlade transparentnost.", "sr-Latn"),
        (
            "uz",
            "Тошкентда журналистлар ҳукуматдан ошкораликни талаб қилишди.",
            "uz-Cyrl",
        ),
        ("fa", "روزنامه‌نگاران در تهران از دولت شفافیت خواستند.", "fa"),
        ("sr-Latn", "Новинари у Београду", "sr-Latn"),
        ("sr-RS", "Новинари у Београду захтевали су од владе.", "sr-Cyrl-RS"),
        ("sr", "12345", "sr"),
    ],
)
def test_header_tag_gets_the_script_of_the_text(tag, text, tagged):
    assert add_script(tag, text) == tagged


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("ko/x.txt", "ko"),
        ("zh-hant/x.txt", "zh-Hant"),
        ("fa/x.txt", "fa"),
        ("sr-latn/x.txt", "sr-Latn"),
        ("x.txt", None),
        ("news/x.txt", None),
    ],
)
def test_language_from_path(path, language):
    known = ("en", "ko", "zh-Hans", "zh-Hant", "fa", "sr-Latn")
    assert language_from_path(path, known) == language


@pytest.mark.parametrize(
    "language",
    [
        *("fa", "ar", "ur", "ps", "ug", "he", "ckb", "sd", "ks", "syr", "dv", "yi"),
        *("pa-Arab", "uz-Arab", "az-Arab", "ku-Arab", "fa-AF", "ar-EG"),
    ],
)
def test_right_to_left(language):
    assert text_direction(language) == "rtl"


@pytest.mark.parametrize(
    "language",
    [
        *("en", "bo", "zh-Hant", "ru", "sr-Latn", "am", "sd-Deva", "ks-Deva"),
        *("pa", "uz-Cyrl", "und", "xx-unknown"),
    ],
)
def test_left_to_right(language):
    assert text_direction(language) == "ltr"
