"""Scripts of a text, and the letter rules that tell apart languages sharing one.

Pure functions over strings; they know nothing of the identifier model.

Data shapes:
    script_counts(text: str) -> Counter[str]   {"Latin": 120, "Han": 3}
    chinese_standard(text: str) -> "zh-Hans" | "zh-Hant"
    japanese_share(counts) -> float             Kana / (Kana + Han)
    vietnamese_share(text: str) -> float        Vietnamese-only letters / letters
    arabic_script_language(text: str) -> str | None   "ug", "ps", "ur", ...
    ethiopic_language(text: str) -> "am" | "ti"
    hebrew_script_language(text: str) -> "he" | "yi"
    cyrillic_uzbek(text: str) -> bool
    not_bashkir(text: str) -> bool              long Cyrillic without ҙ ҫ ҡ
    ekavian_balance(text: str) -> int           Serbian minus ijekavian forms
    serbian_latin(text: str) -> bool

Script names are Unicode's (ISO 15924 codes in SCRIPT_CODES). Only letters
and combining marks count: digits, punctuation and symbols of every script
are ignored, so "12345 --- !!!" has no script at all.
"""

import re
import unicodedata
from bisect import bisect_right
from collections import Counter

# (first, last) code point -> script. Sorted by first code point.
_RANGES = sorted(
    [
        (0x0041, 0x024F, "Latin"),
        (0x0250, 0x02AF, "Latin"),  # IPA letters used by African orthographies
        (0x0370, 0x03FF, "Greek"),
        (0x0400, 0x052F, "Cyrillic"),
        (0x0530, 0x058F, "Armenian"),
        (0x0590, 0x05FF, "Hebrew"),
        (0x0600, 0x06FF, "Arabic"),
        (0x0700, 0x074F, "Syriac"),
        (0x0750, 0x077F, "Arabic"),
        (0x0780, 0x07BF, "Thaana"),
        (0x07C0, 0x07FF, "Nko"),
        (0x08A0, 0x08FF, "Arabic"),
        (0x0900, 0x097F, "Devanagari"),
        (0x0980, 0x09FF, "Bengali"),
        (0x0A00, 0x0A7F, "Gurmukhi"),
        (0x0A80, 0x0AFF, "Gujarati"),
        (0x0B00, 0x0B7F, "Oriya"),
        (0x0B80, 0x0BFF, "Tamil"),
        (0x0C00, 0x0C7F, "Telugu"),
        (0x0C80, 0x0CFF, "Kannada"),
        (0x0D00, 0x0D7F, "Malayalam"),
        (0x0D80, 0x0DFF, "Sinhala"),
        (0x0E00, 0x0E7F, "Thai"),
        (0x0E80, 0x0EFF, "Lao"),
        (0x0F00, 0x0FFF, "Tibetan"),
        (0x1000, 0x109F, "Myanmar"),
        (0x10A0, 0x10FF, "Georgian"),
        (0x1100, 0x11FF, "Hangul"),
        (0x1200, 0x139F, "Ethiopic"),
        (0x13A0, 0x13FF, "Cherokee"),
        (0x1780, 0x17FF, "Khmer"),
        (0x1800, 0x18AF, "Mongolian"),
        (0x19E0, 0x19FF, "Khmer"),
        (0x1C80, 0x1C8F, "Cyrillic"),
        (0x1C90, 0x1CBF, "Georgian"),
        (0x1E00, 0x1EFF, "Latin"),
        (0x1F00, 0x1FFF, "Greek"),
        (0x2C60, 0x2C7F, "Latin"),
        (0x2D00, 0x2D2F, "Georgian"),
        (0x2D30, 0x2D7F, "Tifinagh"),
        (0x2D80, 0x2DDF, "Ethiopic"),
        (0x2DE0, 0x2DFF, "Cyrillic"),
        (0x3040, 0x30FF, "Kana"),
        (0x3130, 0x318F, "Hangul"),
        (0x31F0, 0x31FF, "Kana"),
        (0x3400, 0x4DBF, "Han"),
        (0x4E00, 0x9FFF, "Han"),
        (0xA640, 0xA69F, "Cyrillic"),
        (0xA720, 0xA7FF, "Latin"),
        (0xA960, 0xA97F, "Hangul"),
        (0xA9E0, 0xA9FF, "Myanmar"),
        (0xAA60, 0xAA7F, "Myanmar"),
        (0xAB00, 0xAB2F, "Ethiopic"),
        (0xAC00, 0xD7AF, "Hangul"),
        (0xD7B0, 0xD7FF, "Hangul"),
        (0xF900, 0xFAFF, "Han"),
        (0xFB1D, 0xFB4F, "Hebrew"),
        (0xFB50, 0xFDFF, "Arabic"),
        (0xFE70, 0xFEFF, "Arabic"),
        (0x20000, 0x2FFFF, "Han"),
    ]
)
_STARTS = [first for first, _, _ in _RANGES]

# ISO 15924 code of each script, for BCP 47 script subtags ("sr-Cyrl").
SCRIPT_CODES = {
    "Arabic": "Arab",
    "Armenian": "Armn",
    "Bengali": "Beng",
    "Cyrillic": "Cyrl",
    "Devanagari": "Deva",
    "Ethiopic": "Ethi",
    "Georgian": "Geor",
    "Greek": "Grek",
    "Gurmukhi": "Guru",
    "Han": "Hani",
    "Hangul": "Hang",
    "Hebrew": "Hebr",
    "Latin": "Latn",
    "Mongolian": "Mong",
    "Syriac": "Syrc",
    "Thaana": "Thaa",
}


def script_of(char: str) -> str | None:
    """Script of one letter or combining mark, None for anything else."""
    code_point = ord(char)
    if code_point < 0x41:
        return None
    index = bisect_right(_STARTS, code_point) - 1
    if index < 0:
        return None
    _, last, script = _RANGES[index]
    if code_point > last or unicodedata.category(char)[0] not in "LM":
        return None
    return script


def script_counts(text: str) -> Counter:
    # Each distinct character is looked up once: a text has a few hundred.
    counts: Counter[str] = Counter()
    for char, number in Counter(text).items():
        script = script_of(char)
        if script:
            counts[script] += number
    return counts


# Frequent characters written differently in the two Chinese standards,
# simplified form first. Each pair is one character of everyday news text.
_CHINESE_PAIRS = (
    "这這们們国國说說时時会會为為来來个個对對发發后後经經过過没沒东東门門"
    "问問间間关關实實现現电電长長开開动動学學还還进進种種样樣机機员員点點"
    "体體华華报報军軍党黨义義与與产產业業当當书書见見让讓认認论論议議记記"
    "话話语語读讀写寫听聽车車马馬鸟鳥鱼魚龙龍门門风風飞飛万萬亿億岁歲钱錢"
    "银銀铁鐵难難战戰争爭区區县縣乡鄉边邊远遠运運达達选選举舉权權层層导導"
    "众眾传傳边邊团團园園图圖场場声聲处處备備复復头頭将將专專丽麗乐樂亚亞"
    "网網络絡统統纪紀约約线線组組织織终終给給结結维維办辦务務劳勞势勢华華"
    "压壓厅廳历歷广廣应應庆慶总總恶惡爱愛态態护護据據损損数數断斷无無旧舊"
    "杀殺条條极極标標检檢欢歡气氣汉漢沟溝测測济濟灾災热熱状狀独獨环環"
    "疗療监監盘盤离離础礎礼禮稳穩笔筆简簡类類罚罰职職联聯脑腦艺藝节節药藥"
    "观觀规規视視计計训訓证證评評识識诉訴词詞调調谈談请請负負贸貿资資"
    "赛賽转轉较較辑輯输輸边邊钟鐘门門闻聞阵陣阶階际際陆陸险險随隨隐隱难難"
)
_SIMPLIFIED = frozenset(_CHINESE_PAIRS[0::2]) - frozenset(_CHINESE_PAIRS[1::2])
_TRADITIONAL = frozenset(_CHINESE_PAIRS[1::2]) - frozenset(_CHINESE_PAIRS[0::2])


def chinese_standard(text: str) -> str:
    simplified = sum(char in _SIMPLIFIED for char in text)
    traditional = sum(char in _TRADITIONAL for char in text)
    return "zh-Hant" if traditional > simplified else "zh-Hans"


def japanese_share(counts: Counter) -> float:
    kana, han = counts["Kana"], counts["Han"]
    return kana / (kana + han) if kana + han else 0.0


# Letters found in Vietnamese and (almost) never in other Latin-script
# languages: the horned letters and the tone-marked vowels. Not ă, which
# Romanian writes in every other sentence, nor đ, which Serbian, Croatian
# and Bosnian write ("takođe", "između"): a Vietnamese text has plenty of
# the others.
_VIETNAMESE_LETTERS = frozenset("ơưằắẳẵặờớởỡợừứửữựầấẩẫậềếểễệồốổỗộảẻỉỏủỷẽĩũỹạẹịọụỵ")


def vietnamese_share(text: str) -> float:
    chars = Counter(text.lower())
    letters = sum(number for char, number in chars.items() if char.isalpha())
    if not letters:
        return 0.0
    return sum(chars[char] for char in _VIETNAMESE_LETTERS) / letters


# Letters of the Arabic script that only some of its languages use. Persian
# and Arabic have none of their own beyond پ چ ژ گ (Persian) and ة (Arabic),
# which the identifier weighs with everything else; the others are told by
# these, each a share of all Arabic-script letters.
_ARABIC_SCRIPT_MARKERS = {
    # Sorani Kurdish: ڵ ڕ ێ (it shares ۆ ە with Uyghur).
    "ckb": frozenset("\u06b5\u0695\u06ce"),
    # Pashto: ټ ډ ړ ښ ږ ځ څ ۍ ڼ ګ.
    "ps": frozenset("\u067c\u0689\u0693\u069a\u0696\u0681\u0685\u06cd\u06bc\u06ab"),
    # Urdu: ٹ ڈ ڑ ے ں (not ھ, which Uyghur uses for h).
    "ur": frozenset("\u0679\u0688\u0691\u06d2\u06ba"),
    # Sindhi: ڄ ڃ ڇ ڏ ڍ ڊ ڌ ڙ ڦ ڱ ڻ ٻ ٿ ٺ ڀ.
    "sd": frozenset(
        "\u0684\u0683\u0687\u068f\u068d\u068a\u068c\u0699\u06a6\u06b1\u06bb"
        "\u067b\u067f\u067a\u0680"
    ),
    # Uyghur: its vowels ۇ ۈ ۆ ە and ۋ (not ې, which Pashto writes too).
    "ug": frozenset("\u06c7\u06c8\u06c6\u06d5\u06cb"),
}
# ې (yeh with two dots below) is written by Pashto and Uyghur only, not by
# Persian, Arabic or Urdu. Uyghur is told first by its vowels, so ې alone
# is Pashto: a Pashto sentence whose only letter of its own is the ې of
# "کې" ("in") or of a feminine ending, which the model calls Arabic.
_PASHTO_OR_UYGHUR_YEH = "\u06d0"
# A language's own letters must make up this share of the Arabic-script
# letters: Persian quoting a Pashto name stays below it, Pashto text has
# several percent.
ARABIC_MARKER_SHARE = 0.01


def arabic_script_language(text: str) -> str | None:
    """Uyghur, Sorani, Pashto, Urdu or Sindhi by their own letters (Pashto
    also by ې when no Uyghur vowel is there), else None.

    None leaves the choice (Persian, Arabic, ...) to the identifier.
    """
    # Each distinct character is looked up once, as in script_counts.
    letters = {
        char: number
        for char, number in Counter(text).items()
        if script_of(char) == "Arabic"
    }
    total = sum(letters.values())
    if not total:
        return None
    # Uyghur last: Sorani shares its ۆ ە, but none of these languages'
    # own letters is Uyghur's.
    for language, markers in _ARABIC_SCRIPT_MARKERS.items():
        share = sum(letters.get(char, 0) for char in markers) / total
        if share >= ARABIC_MARKER_SHARE:
            return language
    if letters.get(_PASHTO_OR_UYGHUR_YEH, 0) / total >= ARABIC_MARKER_SHARE:
        return "ps"
    return None


def _tigrinya_letter(char: str) -> bool:
    return (
        char in "\u12a3\u1213"  # ኣ, ሓ
        or "\u1250" <= char <= "\u125d"  # ቐ series
        or "\u12b8" <= char <= "\u12c5"  # ኸ series
    )


# Grammatical words each language writes and the other does not: Tigrinya's
# copula (እዩ, እያ, እዮም, እየን), "of", "to", "from", "with", "in" (ናይ, ናብ,
# ካብ, ምስ, ኣብ or አብ), articles (እቲ, እታ, እቶም, እተን), "and"/"also"
# (ድማ, ከኣ), "was" (ነይሩ, ነይራ); Amharic's copula (ነው, ናቸው, ናት, ነበር),
# "and" (እና), "on", "in", "to", "with", "after" (ላይ, ውስጥ, ወደ, ጋር,
# በኋላ), "this" (ይህ, ይህን, ይህም), "as" (እንደ), "or" (ወይም), "while"
# (ሲሆን), "also" (ደግሞ).
_TIGRINYA_WORDS = frozenset(
    "እዩ እያ እዮም እየን ኢዩ ናይ ናብ ካብ ምስ ኣብ አብ እቲ እታ እቶም እተን ድማ ከኣ ኸኣ ነይሩ ነይራ ኔሩ".split()  # noqa: SIM905
)
_AMHARIC_WORDS = frozenset(
    "ነው ናቸው ናት ነበር ነበረ እና ላይ ውስጥ ወደ ጋር በኋላ ይህ ይህን ይህም እንደ ወይም ሲሆን ደግሞ".split()  # noqa: SIM905
)
_ETHIOPIC_WORD = re.compile("[\u1200-\u135a]+")


def ethiopic_language(text: str) -> str:
    """Tigrinya or Amharic: by their grammatical words, then by letters.

    Tigrinya writes the glottal a as ኣ, ḥa as ሓ, and has the ቐ and ኸ series;
    Amharic writes አ and (almost) none of those, but a Tigrinya sentence may
    have none of them either, or spell ኣብ as አብ: its small words tell it.
    A tie of both is Amharic, the language of the larger readership: a
    headline without any of them."""
    words = _ETHIOPIC_WORD.findall(text)
    balance = sum(word in _TIGRINYA_WORDS for word in words) - sum(
        word in _AMHARIC_WORDS for word in words
    )
    if balance:
        return "ti" if balance > 0 else "am"
    tigrinya = sum(_tigrinya_letter(char) for char in text)
    amharic = sum(char == "\u12a0" for char in text)
    return "ti" if tigrinya > amharic else "am"


def hebrew_script_language(text: str) -> str:
    """Yiddish by its double letters (װ ױ ײ) and pointed alef forms."""
    letters = [char for char in text if script_of(char) == "Hebrew"]
    yiddish = sum(
        "\u05f0" <= char <= "\u05f2" or char in "\ufb1f\ufb2e\ufb2f" for char in text
    )
    return "yi" if letters and yiddish / len(letters) >= 0.01 else "he"


# Bashkir's ҙ, ҫ and ҡ (its dh, th and q) are about 5 % of its letters
# (4.9 % in FLORES sentences); Tatar, which the model confuses it with,
# writes none of them. A Bashkir text of this many letters without any of
# them is unlikely (0.95 ** 60, under 5 %); a shorter one may be Bashkir.
BASHKIR_MIN_LETTERS = 60


def not_bashkir(text: str) -> bool:
    """Cyrillic text long enough to show ҙ, ҫ or ҡ if it were Bashkir, and
    showing none."""
    letters = sum(char.isalpha() for char in text)
    return letters >= BASHKIR_MIN_LETTERS and not set(text.lower()) & set("ҙҫҡ")


def cyrillic_uzbek(text: str) -> bool:
    """Uzbek Cyrillic has ў with қ ғ ҳ, and none of і ә ө ү ң ӯ."""
    chars = set(text.lower())
    return "ў" in chars and bool(chars & set("қғҳ")) and not chars & set("іәөүңӯ")


# Serbian written in Latin letters is told from Croatian and Bosnian, which
# the model confuses it with, by its ekavian forms ("vreme", "uspešno",
# "zahtev") where the other two write ijekavian ones ("vrijeme", "uspješno",
# "zahtjev"), and by words of its own ("odsto", "uticaj", "saradnja",
# "avgust") where Croatian has others ("posto", "utjecaj", "suradnja",
# "kolovoz").
_EKAVIAN = re.compile(
    r"uspe[šs]|zahtev|sled|vred|umest|namest|bezbed|rešen|rešav|rešit|promen"
    r"|izmen|zamen|primen|primer|uveren|pesm|mesec|odeljen|delov|verovat"
    r"|\b(?:posle|ovde|gde|deo|deca|dece|dete|pre|vreme|mesto|reč|reči)\b"
    r"|\b(?:cel[aeiou]|ceo\b|svet|lep[aeiou]?\b|uvek\b|tel[aeiou]\b|bel[aeiou]\b)"
    r"|\b(?:po|raz|od|u|pri)?del(?:j|im|i\b|e\b|o\b)|uslov|nedelj"
    r"|\bdve\b|zabele|\bsused|\bvest(?:i|ima|e)?\b|odsto|\bsmer|preduze[ćc]"
    r"|\boset|\bocen|uticaj|saradnj|opštin|takođe|\bavgust|\bhleb|pozorišt"
    r"|izvešt|\bcen[aeiu]\b|\breka\b|\breke\b|\bmleko|\bsneg|\blek(?:a|ov|ar)"
)
_IJEKAVIAN = re.compile(
    r"uspje[šs]|zahtjev|sljed|vrijed|vrjed|umjest|namjest|bezbjed|rješen"
    r"|rješav|riješ|promjen|izmjen|zamjen|primjen|primjer|uvjeren|pjesm"
    r"|mjesec|odjeljen|dijelov|vjerojat|tisuć|tjed"
    r"|\b(?:poslije|ovdje|gdje|dio|djeca|djece|dijete|prije|vrijeme|mjesto"
    r"|riječ|riječi|tko|uvijek)\b|\b(?:cijel|cjel|svijet|svjet|lijep|tijel|bijel)"
    r"|\b(?:po|raz|od|u|pri)?dijel|djelj|uvjet"
    r"|\bdvije\b|zabilje|susjed|vijest|\bposto\b|smjer|poduze[ćc]|osjet"
    r"|ocjen|utjecaj|suradnj|općin|također|siječ|veljač|ožuj|travnj|svibnj"
    r"|lipnj|srpnj|kolovoz|rujn|listopad|prosin|kazališt|\bkruh"
    r"|izvješt|\bcijen|\brijek|\bmlijek|\bsnijeg|\blijek"
)


# Serbian's "da" + present where Croatian writes an infinitive ("mogu da
# vidim", "treba da se"), and its question "da li".
_SERBIAN_SYNTAX = re.compile(
    r"\b(?:da li|treba da|(?:mogu|može|možete|moraju|mora|želi|želite) da)\b"
)


def ekavian_balance(text: str) -> int:
    """Serbian forms minus ijekavian (Croatian, Bosnian) ones: above zero the
    text reads as Serbian, below zero as Croatian or Bosnian, zero says
    nothing (most short sentences are written the same in all three)."""
    lowered = text.lower()
    serbian = len(_EKAVIAN.findall(lowered)) + len(_SERBIAN_SYNTAX.findall(lowered))
    return serbian - len(_IJEKAVIAN.findall(lowered))


def serbian_latin(text: str) -> bool:
    return ekavian_balance(text) > 0
