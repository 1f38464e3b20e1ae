import pytest
from article_reader.decoding import UnreadableFile, decode_article

FRENCH = "Le café était très apprécié par les habitués, naïve résumé."
CHINESE = "朝鲜当局在俄罗斯入侵乌克兰数天后才告诉全国人民，首先只在私下会议中通知执政的劳动党党员。"
KOREAN = (
    "북한 당국은 러시아의 우크라이나 침공 사실을 며칠이 지나서야 주민들에게 알렸다."
)


@pytest.mark.parametrize(
    ("data", "text", "problem"),
    [
        (b"Plain UTF-8 text.\n", "Plain UTF-8 text.\n", None),
        ("\ufeffWith a BOM.".encode(), "With a BOM.", None),
        ("UTF-16 text.".encode("utf-16"), "UTF-16 text.", None),
        (CHINESE.encode("gb2312"), CHINESE, "decoded as gb18030"),
        (KOREAN.encode("euc-kr"), KOREAN, "decoded as cp949"),
        (
            b"Broken \xff\xfe UTF-8 \xe2\x80\x9cquoted\xe2\x80\x9d",
            None,
            "invalid UTF-8",
        ),
        (
            b"A longer line of text\x00 with\x01 a NUL\x1b and controls\x7f.",
            "A longer line of text with a NUL and controls.",
            "4 NUL or control characters removed",
        ),
        (
            b"Tabs\tand\r\nline breaks stay.",
            "Tabs\tand\r\nline breaks stay.",
            None,
        ),
    ],
)
def test_decodes_text(data, text, problem):
    decoded = decode_article(data)
    if text is not None:
        assert decoded.text == text
    if problem is None:
        assert decoded.problems == []
    else:
        assert any(problem in note for note in decoded.problems), decoded.problems


def test_ambiguous_legacy_codepage_is_replaced_not_guessed():
    # cp1252 and cp1250 read these bytes equally well but differently.
    decoded = decode_article(FRENCH.encode("cp1252"))
    assert "\ufffd" in decoded.text
    assert "no single legacy encoding fits" in decoded.problems[0]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n\t  \n", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary file (PNG image)"),
        (b"%PDF-1.7\n...", "binary file (PDF document)"),
        (bytes(range(256)) * 4, "binary file"),
        (b"\x00\x01\x02\x03\x00\x00", "binary file"),
    ],
)
def test_refuses_what_is_not_text(data, reason):
    with pytest.raises(
        UnreadableFile, match=reason.replace("(", r"\(").replace(")", r"\)")
    ):
        decode_article(data)
