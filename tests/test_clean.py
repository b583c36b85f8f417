"""Table tests for search.clean.clean_text: Unicode noise, whitespace and page furniture."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from ctsearch.clean import clean_text, is_boilerplate

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize(
    "raw, expected",
    [
        # NFD input becomes NFC (decomposed text would match nothing downstream).
        (unicodedata.normalize("NFD", "Sở Công Thương Bến Tre"), "Sở Công Thương Bến Tre"),
        # Invisible characters: NBSP, ZWSP -> space; soft hyphen, BOM removed.
        ("\ufeffSở Công\u00a0Thương", "Sở Công Thương"),
        ("điện\u200b gió", "điện gió"),
        ("giá\u200bđiện", "giá điện"),      # a zero-width space is a place to break between two words
        # HTML a page left in the text: block tags end a paragraph, inline ones go.
        ("<P><STRONG>Không nên dùng xà phòng:</STRONG>\n<P>Trên da mặt", "Không nên dùng xà phòng:\nTrên da mặt"),
        ("<table><tr><td>Tỉnh</td><td>Sản lượng</td></tr></table>", "Tỉnh Sản lượng"),
        ("giá <b>tăng</b>, a <b c, <<< hết", "giá tăng, a <b c, <<< hết"),
        ("khuyến\u00adcông", "khuyếncông"),
        # Full-width letters, digits and marks, as a query's are read (an East Asian keyboard).
        ("Ｇｉá ｄｉệｎ tăng ５％，rồi\u3000giảm", "Giá diện tăng 5%,rồi giảm"),
        # Line breaks: CRLF and CR become LF.
        ("Dòng một\r\nDòng hai\rDòng ba", "Dòng một\nDòng hai\nDòng ba"),
        # Lines stripped, runs of spaces and tabs collapsed.
        ("   Sở  Công\t\tThương   tổ chức hội nghị  ", "Sở Công Thương tổ chức hội nghị"),
        # Blank lines dropped: paragraphs are separated by exactly one newline.
        ("Đoạn một.\n\n\n   \nĐoạn hai.\n\t\n", "Đoạn một.\nĐoạn hai."),
        # The seed's "date" marker line only loses its leading space.
        (" date 2022-01 Tiếp tục hỗ trợ doanh nghiệp", "date 2022-01 Tiếp tục hỗ trợ doanh nghiệp"),
        ("", ""),
        ("\n \n\t\n", ""),
    ],
)
def test_clean_text_normalises(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Your email address will not be published.",
        "Required fields are marked *",
        "Chia sẻ bài viết",
        "BÌNH LUẬN",
        "Bình luận",
        "Bình luận (3)",
        "Chia sẻ",
        "Chia sẻ:",
        "Share",
        "Tweet",
        "In bài viết",
        "Gửi bình luận",
        "Ý kiến bạn đọc",
        "Tin liên quan",
        "Từ khóa: điện gió, Bến Tre",
        "  » Bình luận  ",
    ],
)
def test_boilerplate_lines_are_dropped(line: str) -> None:
    assert is_boilerplate(line)
    assert clean_text(f"Sở Công Thương tổ chức hội nghị.\n{line}\nTin, ảnh: Cẩm Trúc") == (
        "Sở Công Thương tổ chức hội nghị.\nTin, ảnh: Cẩm Trúc"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        # The same words inside ordinary sentences are prose and must stay.
        "Ông Minh chia sẻ kinh nghiệm bán hàng trên sàn thương mại điện tử.",
        "Bình luận về kết quả này, lãnh đạo Sở cho biết sẽ tiếp tục hỗ trợ doanh nghiệp.",
        "Người dân gửi bình luận trên mạng xã hội về giá điện.",
        "Share of renewable power keeps growing.",
        "In bài phát biểu, Phó Chủ tịch UBND tỉnh nhấn mạnh vai trò của khuyến công.",
        "Tin, ảnh: Thanh Thúy",
    ],
)
def test_sentences_with_furniture_words_are_kept(sentence: str) -> None:
    assert not is_boilerplate(sentence)
    assert clean_text(sentence) == sentence


def test_old_tone_placement_in_furniture_is_recognised() -> None:
    # "Huỷ" (old style) and "Hủy" (new style) are the same button label.
    assert is_boilerplate("Huỷ")
    assert is_boilerplate("Hủy")


def test_seed_boilerplate_is_removed() -> None:
    text_002 = clean_text((SEEDS / "002_5ea34a4975a1f8a0.txt").read_text(encoding="utf-8"))
    assert "Leave a Reply" not in text_002
    assert "Required fields" not in text_002
    assert text_002.endswith("theo hệ thống điện tử…")
    text_004 = clean_text((SEEDS / "004_e6687adce95f4d90.txt").read_text(encoding="utf-8"))
    assert "Chia sẻ bài viết" not in text_004
    assert "BÌNH LUẬN" not in text_004
    assert text_004.endswith("Tin, ảnh: Cẩm Trúc")
    assert "\n\n" not in text_004


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_clean_text_is_idempotent_and_tidy(path: Path) -> None:
    once = clean_text(path.read_text(encoding="utf-8"))
    assert clean_text(once) == once
    assert once == unicodedata.normalize("NFC", once)
    for line in once.split("\n"):
        assert line and line == line.strip() and "  " not in line and "\t" not in line


def test_look_alike_letters_from_legacy_encodings_become_vietnamese():
    from ctsearch.clean import clean_field
    from ctsearch.textnorm import vietnamese_letters
    assert clean_text("Ðiện lực quận Ba Ðình cắt ðiện ở ÐBSCL") == "Điện lực quận Ba Đình cắt điện ở ĐBSCL"
    assert vietnamese_letters("ðiện") == "điện"        # a query typed with them reads the same
    assert clean_field("https://is.wikipedia.org/wiki/Ísafjörður") == "https://is.wikipedia.org/wiki/Ísafjörður"
