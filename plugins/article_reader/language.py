"""Language and script of an article, from a tag, a folder name or the text.

Data shapes:
    normalize_language_tag(tag: str) -> str           "zh-TW" -> "zh-Hant"
    language_from_path(relative_path: str, known: Iterable[str]) -> str | None
    detect_language(text: str) -> str | None          one of SUPPORTED or None

Detection counts letters per script: each of the ten languages Samizdat
serves from day one has a script of its own, except two pairs that share
one: English and Vietnamese (Latin; told apart by Vietnamese's letters with
horns, breves and tone marks) and Simplified and Traditional Chinese (Han;
told apart by characters that differ between the two standards).
"""

import re
from collections import Counter
from collections.abc import Iterable

from samizdat_contract import SUPPORTED_LANGUAGES as SUPPORTED

# (first, last) code point of each script's main block(s) -> script name.
_SCRIPT_RANGES = (
    (0x0041, 0x024F, "Latin"),
    (0x1E00, 0x1EFF, "Latin"),
    (0x0600, 0x06FF, "Arabic"),
    (0xFB50, 0xFDFF, "Arabic"),
    (0xFE70, 0xFEFF, "Arabic"),
    (0x0F00, 0x0FFF, "Tibetan"),
    (0x1000, 0x109F, "Myanmar"),
    (0x1780, 0x17FF, "Khmer"),
    (0x0E80, 0x0EFF, "Lao"),
    (0x1100, 0x11FF, "Hangul"),
    (0x3130, 0x318F, "Hangul"),
    (0xAC00, 0xD7AF, "Hangul"),
    (0x3400, 0x4DBF, "Han"),
    (0x4E00, 0x9FFF, "Han"),
    (0x3040, 0x30FF, "Kana"),
)

_SCRIPT_LANGUAGE = {
    "Arabic": "ug",
    "Tibetan": "bo",
    "Myanmar": "my",
    "Khmer": "km",
    "Lao": "lo",
    "Hangul": "ko",
    "Kana": "ja",
}

# Letters found in Vietnamese and (almost) never in English text.
_VIETNAMESE_LETTERS = frozenset(
    "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
# Share of Latin letters that must be Vietnamese-only: a Vietnamese sentence
# has about one in four; an English text quoting "Hà Nội" stays far below.
_VIETNAMESE_SHARE = 0.04

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

# Detection looks at this many characters: enough for any script, and
# keeps a 5 MB file from costing more than a short one.
_SAMPLE_CHARS = 4000

# Header tags seen in the wild -> the tag Samizdat uses.
_TAG_ALIASES = {
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-hans": "zh-Hans",
    "zh-hans-cn": "zh-Hans",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
    "zh-hant": "zh-Hant",
    "zh-hant-tw": "zh-Hant",
    "uig": "ug",
    "ug-arab": "ug",
    "ug-cn": "ug",
    "bod": "bo",
    "tib": "bo",
    "bo-cn": "bo",
    "mya": "my",
    "bur": "my",
    "my-mm": "my",
    "khm": "km",
    "km-kh": "km",
    "lao": "lo",
    "lo-la": "lo",
    "vie": "vi",
    "vi-vn": "vi",
    "kor": "ko",
    "ko-kr": "ko",
    "eng": "en",
}

_TAG_SHAPE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def normalize_language_tag(tag: str) -> str | None:
    """Map a header or folder language tag onto Samizdat's tags.

    Returns None for something that is not a language tag at all. A valid
    tag of a language outside SUPPORTED is kept (lower-cased primary part),
    so an operator's "fr" article is still published as French.
    """
    cleaned = tag.strip().replace("_", "-")
    if not _TAG_SHAPE.match(cleaned):
        return None
    lowered = cleaned.lower()
    if lowered in _TAG_ALIASES:
        return _TAG_ALIASES[lowered]
    for supported in SUPPORTED:
        if lowered == supported.lower():
            return supported
    primary = lowered.split("-")[0]
    if primary in SUPPORTED:
        return primary
    if primary == "zh":
        return None  # plain "zh" says nothing of the script: detect it
    return lowered


def language_from_path(relative_path: str, known: Iterable[str]) -> str | None:
    """Language named by the first folder of a path such as ``ko/x.txt``."""
    parts = relative_path.replace("\\", "/").split("/")
    if len(parts) < 2:
        return None
    folder = parts[0].lower()
    for code in known:
        if folder == code.lower():
            return code
    return None


def detect_language(text: str) -> str | None:
    """Best guess among SUPPORTED from the script and letters of the text."""
    sample = text[:_SAMPLE_CHARS]
    scripts: Counter[str] = Counter()
    for char in sample:
        script = _script_of(ord(char))
        if script:
            scripts[script] += 1
    if not scripts:
        return None
    # Korean text may carry Hanja, and Chinese text Latin names: the script
    # with the most letters wins.
    script, _ = scripts.most_common(1)[0]
    if script == "Latin":
        letters = [char for char in sample.lower() if char.isalpha()]
        vietnamese = sum(char in _VIETNAMESE_LETTERS for char in letters)
        return "vi" if vietnamese > _VIETNAMESE_SHARE * len(letters) else "en"
    if script == "Han":
        simplified = sum(char in _SIMPLIFIED for char in sample)
        traditional = sum(char in _TRADITIONAL for char in sample)
        return "zh-Hant" if traditional > simplified else "zh-Hans"
    return _SCRIPT_LANGUAGE[script]


def _script_of(code_point: int) -> str | None:
    if code_point < 0x41:
        return None
    for first, last, script in _SCRIPT_RANGES:
        if first <= code_point <= last:
            if script == "Latin" and not chr(code_point).isalpha():
                return None
            return script
    return None
