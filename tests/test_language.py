import pytest
from article_reader.language import (
    detect_language,
    language_from_path,
    normalize_language_tag,
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("North Korea kept the invasion of Ukraine secret from most citizens.", "en"),
        ("Nhà báo tự do bị bắt sau loạt bài về đất đai ở Đồng Tháp.", "vi"),
        ("북한 공무원이 장마당 단속에 나서자 주민들이 반발하고 있다.", "ko"),
        ("西藏多名僧人因向境外传递消息被拘留，当地政府没有回应。", "zh-Hans"),
        ("台灣記者赴中國採訪遭拒絕入境，國台辦沒有回應本報的查詢。", "zh-Hant"),
        ("ལྷ་སར་དགོན་པའི་གྲྭ་པ་ཁག་ཅིག་བཙོན་འཇུག་བྱས་པ།", "bo"),
        ("ئۈرۈمچىدە ئۈچ ئۇيغۇر ئوقۇغۇچى تۇتقۇن قىلىندى.", "ug"),
        ("ရန်ကုန်တွင် သတင်းထောက်နှစ်ဦး ဖမ်းဆီးခံရ။", "my"),
        ("អ្នកសារព័ត៌មានម្នាក់ត្រូវបានចាប់ខ្លួននៅខេត្តសៀមរាប។", "km"),
        ("ນັກຂ່າວອິດສະຫຼະຖືກຈັບຢູ່ແຂວງບໍລິຄຳໄຊ.", "lo"),
        # English quoting a Vietnamese place name stays English.
        ("Reporters travelled to Hà Nội to meet the families of the detained.", "en"),
        # Korean with a few Hanja is Korean.
        ("北韓 당국은 러시아의 우크라이나 침공 사실을 주민들에게 알렸다.", "ko"),
        ("12345 --- !!!", None),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


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
        ("bod", "bo"),
        ("uig", "ug"),
        ("fr", "fr"),
        ("not a tag", None),
    ],
)
def test_normalize_language_tag(tag, normalized):
    assert normalize_language_tag(tag) == normalized


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("ko/x.txt", "ko"),
        ("zh-hant/x.txt", "zh-Hant"),
        ("x.txt", None),
        ("news/x.txt", None),
    ],
)
def test_language_from_path(path, language):
    known = ("en", "ko", "zh-Hans", "zh-Hant")
    assert language_from_path(path, known) == language
