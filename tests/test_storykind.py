"""Sports and showbiz stories rank below trade stories that match as well."""

import json
from contextlib import contextmanager
from pathlib import Path

import pytest

from ctsearch.article import build_article
from ctsearch.extract import extract_metadata
from ctsearch.index import index_articles
from ctsearch.ingest import read_inputs
from ctsearch.query import SearchEngine
from ctsearch.storykind import MODEL_FILE, leisure_percent, query_leisure

# A match report of a club named for its sponsor and province, and the trade story its
# name collides with (written for these tests).
MATCH = ("Than Quảng Ninh thắng đậm trên sân nhà",
         "Than Quảng Ninh tiếp đón đội khách trong trận đấu thuộc vòng 12 V-League tối qua. "
         "Ngay phút thứ 10, tiền đạo của Than Quảng Ninh đánh đầu mở tỷ số sau quả phạt góc. "
         "Sang hiệp hai, đội khách dồn lên tấn công nhưng thủ môn chủ nhà liên tục cứu thua. "
         "Huấn luyện viên Than Quảng Ninh cho biết các cầu thủ đã thi đấu đầy quyết tâm trước hàng "
         "nghìn cổ động viên. Với ba điểm này, Than Quảng Ninh vươn lên vị trí thứ ba trên bảng xếp hạng.")
COAL = ("Quảng Ninh tăng sản lượng than",
        "Các mỏ than ở Quảng Ninh đã khai thác hơn 20 triệu tấn than trong chín tháng, tăng 5% so với "
        "cùng kỳ. Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam cho biết than tiêu thụ cho các nhà máy "
        "nhiệt điện tăng mạnh. Sở Công Thương tỉnh đề nghị doanh nghiệp bảo đảm an toàn lao động và bảo "
        "vệ môi trường tại các mỏ.")
CONCERT = ("Ca sĩ ra mắt MV mới",
           "Nữ ca sĩ vừa ra mắt MV ca nhạc cùng bộ ảnh thời trang gợi cảm. Sau đêm diễn, cô chia sẻ với người "
           "hâm mộ về chuyện tình cảm với bạn trai diễn viên. Sao Việt và khán giả đến xem live show, xin chữ "
           "ký của thần tượng.")
ONLINE_SHOP = ("Ca sĩ mở gian hàng bán hàng online",
               "Nữ ca sĩ mở gian hàng trên sàn thương mại điện tử, bán mỹ phẩm qua livestream. Mỗi buổi "
               "livestream cô bán được hàng trăm đơn hàng cho khách mua sắm trực tuyến.")

# A sponsorship story on the sports page, and a trade story that names the same words in passing.
SPONSOR = ("Nhà tài trợ mới cho giải bóng đá V-League",
           "Một hãng bia vừa ký hợp đồng tài trợ giải bóng đá V-League trong ba mùa giải. Ban tổ chức giải cho "
           "biết tiền tài trợ sẽ dùng để nâng thưởng cho các đội bóng, cầu thủ xuất sắc và trọng tài. Các câu "
           "lạc bộ bóng đá kỳ vọng nhà tài trợ giúp giải đấu chuyên nghiệp hơn.")
BANK = ("Ngân hàng tài trợ vốn cho doanh nghiệp xuất khẩu",
        "Ngân hàng cho biết dư nợ tài trợ vốn cho doanh nghiệp xuất khẩu tăng 20%. Ngân hàng cũng tài trợ các dự "
        "án điện gió, và năm nay là nhà tài trợ của một giải bóng đá thiếu niên do tỉnh tổ chức.")


def _write(folder: Path, stories: dict) -> Path:
    """``stories`` (id -> (title, text)) as a JSON-lines file in ``folder``."""
    src = folder / f"stories{len(list(folder.glob('stories*.jsonl')))}.jsonl"
    src.write_text("\n".join(json.dumps({"id": k, "title": t, "text": b}, ensure_ascii=False)
                             for k, (t, b) in stories.items()) + "\n", "utf-8")
    return src


@contextmanager
def _engine_over(tmp_path, stories: dict):
    """An engine over ``stories`` indexed into a fresh folder, closed afterwards."""
    index_articles(read_inputs([_write(tmp_path, stories)]), tmp_path / "ix")
    engine = SearchEngine(tmp_path / "ix")
    try:
        yield engine
    finally:
        engine.close()


@pytest.mark.parametrize("story, sports_or_showbiz", [
    (MATCH, True), (CONCERT, True), (COAL, False),
    (("Hà Nam: chỉ số sản xuất công nghiệp tăng 12%",
      "Theo Sở Công Thương Hà Nam, chỉ số sản xuất công nghiệp tháng 10 tăng 12% so với cùng kỳ; tổng "
      "mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng ước đạt 5.200 tỷ đồng."), False),
])
def test_the_kind_of_story_is_read_from_the_whole_article(story, sports_or_showbiz):
    leisure = extract_metadata(*story).leisure
    assert (leisure >= 80) if sports_or_showbiz else (leisure <= 20), leisure


def test_a_story_on_a_trade_topic_is_trade_news_whatever_page_it_is_on(tmp_path):
    # The singer's online shop reads like showbiz, but it is an e-commerce story.
    articles = {r.id: build_article(r) for r in read_inputs([_write(tmp_path, {"shop": ONLINE_SHOP, "concert": CONCERT})])}
    assert articles["shop"].topics == ["e-commerce"] and articles["shop"].leisure == 0
    assert articles["concert"].leisure >= 80


def test_a_match_report_ranks_below_the_trade_story_its_words_collide_with(tmp_path):
    """The club's name in the headline and four times in the text would put the match
    report first by its words alone; it still matches, and leads where it is alone."""
    with _engine_over(tmp_path, {"match": MATCH, "coal": COAL}) as engine:
        for text in ("than quang ninh", "Than Quảng Ninh"):
            hits = engine.search(text).hits
            assert [h.id for h in hits] == ["coal", "match"], (text, [(h.id, h.score) for h in hits])
        assert engine.search("than quang ninh tien dao").hits[0].id == "match"

@pytest.mark.parametrize("query, about_sport_or_showbiz", [
    ("tài trợ bóng đá", True), ("vé xem bóng đá", True), ("v league", True), ("diễn viên", True),
    ("than quảng ninh", False), ("hòa phát", False), ("xuất khẩu gạo", False), ("tài trợ", False),
    ("làng nghề", False), ("lễ hội", False), ("du lịch", False),
])
def test_a_query_is_read_for_its_own_kind(query, about_sport_or_showbiz):
    assert (query_leisure(query) > 50) == about_sport_or_showbiz, query_leisure(query)


def test_a_query_about_sport_ranks_its_stories_by_their_words(tmp_path):
    """`tai tro bong da` asks for the sponsorship of football: the sports page's story of it
    leads, as its words put it; `tai tro` alone is a trade query, where it falls below the
    bank that funds wind farms."""
    with _engine_over(tmp_path, {"sponsor": SPONSOR, "bank": BANK}) as engine:
        for text in ("tai tro bong da", "tài trợ bóng đá"):
            assert [h.id for h in engine.search(text).hits] == ["sponsor", "bank"], text
        assert [h.id for h in engine.search("tai tro").hits] == ["bank", "sponsor"]


def test_the_model_was_trained_with_the_shipped_document_space():
    data = json.loads(MODEL_FILE.read_text("utf-8"))
    assert leisure_percent([0.0] * len(data["vector_weights"])) < 5   # an article with no known word


def test_an_index_made_before_the_story_kind_keeps_taking_articles(tmp_path, monkeypatch):
    """Its schema has no story-kind column: small runs still add articles and merge its
    small segments, its saved arrays still serve, and every article ranks as kind 0."""
    from ctsearch import commit, schema, store

    real = schema.make_schema

    def without_kind():
        s = real()
        s.remove("c_leisure")
        return s

    def write(stories):
        return index_articles(read_inputs([_write(tmp_path, stories)]), tmp_path / "ix")

    with monkeypatch.context() as m:
        for module in (commit, store):     # (the index's own schema; new segments are built with today's)
            m.setattr(module, "make_schema", without_kind)
        write({"coal": COAL})
        write({"concert": CONCERT})
    write({"match": MATCH})   # merges the two small segments
    for _ in range(2):   # the second opening reads the arrays the first saved
        engine = SearchEngine(tmp_path / "ix")
        try:
            assert sorted(h.id for h in engine.search("").hits) == ["coal", "concert", "match"]
            assert sorted(h.id for h in engine.search("than quang ninh").hits) == ["coal", "match"]
            assert engine.search("ca si").total == 1
            assert not engine.backend._held()[1].leisure.any()
        finally:
            engine.close()
