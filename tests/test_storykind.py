"""Sports and showbiz stories rank below trade stories that match as well."""

import json

import pytest

from ctsearch.article import build_article
from ctsearch.extract import extract_metadata
from ctsearch.index import index_articles
from ctsearch.ingest import read_inputs
from ctsearch.query import SearchEngine
from ctsearch.storykind import MODEL_FILE, leisure_percent

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
CONCERT = ("Ca sĩ ra mắt album mới",
           "Nữ ca sĩ vừa ra mắt album nhạc trữ tình cùng bộ ảnh thời trang. Đêm nhạc của cô thu hút hàng "
           "nghìn khán giả, nhiều bạn trẻ đến xem live show và xin chữ ký của thần tượng.")
ONLINE_SHOP = ("Ca sĩ mở gian hàng bán hàng online",
               "Nữ ca sĩ mở gian hàng trên sàn thương mại điện tử, bán mỹ phẩm qua livestream. Mỗi buổi "
               "livestream cô bán được hàng trăm đơn hàng cho khách mua sắm trực tuyến.")


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
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps({"id": k, "title": t, "text": b}, ensure_ascii=False)
                             for k, (t, b) in {"shop": ONLINE_SHOP, "concert": CONCERT}.items()) + "\n", "utf-8")
    articles = {r.id: build_article(r) for r in read_inputs([src])}
    assert articles["shop"].topics == ["e-commerce"] and articles["shop"].leisure == 0
    assert articles["concert"].leisure >= 80


def test_a_match_report_ranks_below_the_trade_story_its_words_collide_with(tmp_path):
    """The club's name in the headline and four times in the text would put the match
    report first by its words alone; it still matches, and leads where it is alone."""
    records = [{"id": "match", "title": MATCH[0], "text": MATCH[1]},
               {"id": "coal", "title": COAL[0], "text": COAL[1]}]
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", "utf-8")
    index_articles(read_inputs([src]), tmp_path / "ix")
    engine = SearchEngine(tmp_path / "ix")
    try:
        for text in ("than quang ninh", "Than Quảng Ninh"):
            hits = engine.search(text).hits
            assert [h.id for h in hits] == ["coal", "match"], (text, [(h.id, h.score) for h in hits])
        assert engine.search("than quang ninh tien dao").hits[0].id == "match"
    finally:
        engine.close()


def test_the_model_was_trained_with_the_shipped_document_space():
    data = json.loads(MODEL_FILE.read_text("utf-8"))
    assert leisure_percent([0.0] * len(data["vector_weights"])) < 5   # an article with no known word
