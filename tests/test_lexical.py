"""The words a topic model sees (ctsearch.lexical), and how extraction uses them."""

from __future__ import annotations

import pytest

from ctsearch import extract
from ctsearch.extract import _TopicModel, _prep, extract_topics
from ctsearch.lexical import TITLE_PREFIX, TermScorer, article_terms, score_terms

SENTENCES = [
    ("Bán đấu giá trực tuyến", "Chiếc áo được bán đấu giá trên eBay với giá 500 USD, người mua trả tiền qua mạng."),
    ("Làng nghề dệt chiếu", "Các hộ dệt chiếu ở xã Định Yên làm ra hàng nghìn đôi chiếu mỗi tháng; chiếu cói bán khắp nơi."),
    ("", "Sản lượng điện thương phẩm đạt 1,2 tỷ kWh, tăng 9% so với cùng kỳ."),
    ("Nước mắm Nam Ô", ""),
    ("", ""),
]


def _prepared(title: str, body: str) -> tuple[str, str]:
    return _prep(title).lower(), _prep(body).lower()


def test_terms_are_syllables_pairs_and_headline_syllables():
    terms = article_terms(*_prepared("Làng nghề dệt chiếu", "Các hộ dệt chiếu ở xã Định Yên."))
    assert {"làng", "dệt", "chiếu", "định", "yên"} <= terms
    assert {"dệt chiếu", "định yên", "làng nghề"} <= terms
    assert TITLE_PREFIX + "làng" in terms and TITLE_PREFIX + "các" not in terms
    # The headline runs into the body: its last syllable pairs with the body's first.
    assert "chiếu các" in terms
    # Punctuation is not a syllable; presence only, so repeats add nothing.
    assert not any("," in t or ";" in t for t in terms)


@pytest.mark.parametrize("title, body", SENTENCES)
def test_the_scorer_adds_what_the_terms_are_worth(title: str, body: str):
    t, b = _prepared(title, body)
    models = {
        "a": {"đấu giá": 2.0, "qua mạng": 1.5, TITLE_PREFIX + "bán": 0.5, "giá": -0.25, "điện": 0.1},
        "b": {"dệt chiếu": 1.0, "chiếu": 0.5, "làng nghề": 0.75, TITLE_PREFIX + "nước": 0.3, "mắm nam": 0.2},
    }
    got = TermScorer(models).scores(t, b)
    terms = article_terms(t, b)
    for name, weights in models.items():
        assert got[name] == score_terms(terms, weights), name  # exactly: both sums are correctly rounded


def _long(paragraphs: list[str]) -> str:
    text = "\n".join(paragraphs)
    assert len(text) >= 400
    return text


_AUCTION = _long([
    "Một chiếc áo của ca sĩ nổi tiếng vừa được đem ra đấu giá để gây quỹ từ thiện.",
    "Sau mười ngày, người trả giá cao nhất đã chi hơn 500 triệu đồng để sở hữu món đồ.",
    "Ban tổ chức cho biết toàn bộ số tiền thu được sẽ dành cho trẻ em vùng cao.",
    "Nhiều người hâm mộ theo dõi cuộc đấu giá và chia sẻ thông tin với bạn bè.",
    "Đây là lần thứ ba nữ ca sĩ dành kỷ vật của mình cho các chương trình thiện nguyện trong năm.",
])


def _with_models(monkeypatch, models: dict[str, _TopicModel]) -> None:
    monkeypatch.setattr(extract, "_topic_model", lambda: models)
    monkeypatch.setattr(extract, "_term_scorer",
                        lambda: TermScorer({s: m.terms for s, m in models.items() if m.kind == "words"}))


def test_a_words_model_can_find_a_topic_without_its_phrases(monkeypatch):
    words = _TopicModel(kind="words", weights={}, bias=-2.0, threshold=0.5, terms={"đấu giá": 3.0})
    _with_models(monkeypatch, {"e-commerce": words})
    t, b = _prepared("Bán áo gây quỹ", _AUCTION)
    ecommerce = next(tp for tp in extract._tables().topics if tp.slug == "e-commerce")
    assert extract.topic_features(ecommerce, t, b) is None  # none of the listed phrases
    assert "e-commerce" in extract_topics("Bán áo gây quỹ", _AUCTION)
    assert "e-commerce" not in extract_topics("Bán áo gây quỹ", _AUCTION.replace("đấu giá", "bán"))


def test_a_phrases_model_never_tags_an_article_without_a_phrase(monkeypatch):
    eager = _TopicModel(kind="phrases", weights={}, bias=10.0, threshold=0.5, terms={})
    _with_models(monkeypatch, {"e-commerce": eager})
    assert "e-commerce" not in extract_topics("Bán áo gây quỹ", _AUCTION)


def test_short_texts_skip_the_models(monkeypatch):
    never = _TopicModel(kind="words", weights={}, bias=-30.0, threshold=0.5, terms={})
    _with_models(monkeypatch, {"electricity": never})
    # Under 400 characters the rule decides, whatever the model would say.
    assert extract_topics("", "Toàn ngành đầu tư, cải tạo, nâng cấp hệ thống lưới điện.") == ["electricity"]


_REVIEW = [
    "Năm qua, ngành Công Thương tỉnh đã hoàn thành các chỉ tiêu chủ yếu về sản xuất công nghiệp và thương mại.",
    "Tỉnh tổ chức bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh, chọn được 22 sản phẩm.",
    "Giá trị sản xuất công nghiệp tăng 7,4%, tổng mức bán lẻ hàng hóa tăng 8,7% so với cùng kỳ năm trước.",
    "Lãnh đạo tỉnh trao giấy chứng nhận sản phẩm công nghiệp nông thôn tiêu biểu cho các cơ sở đạt giải.",
]


def test_a_defining_phrase_in_two_paragraphs_outweighs_the_model(monkeypatch):
    # The model would say no to anything; a phrase weighted at the full threshold in two
    # paragraphs still makes the article about the topic, and in one paragraph does not.
    never = _TopicModel(kind="words", weights={}, bias=-30.0, threshold=0.5, terms={})
    _with_models(monkeypatch, {"rural-industry": never})
    assert "rural-industry" in extract_topics("Tổng kết năm", _long(_REVIEW))
    once = _REVIEW[:3] + ["Lãnh đạo tỉnh trao giấy khen cho các tập thể và cá nhân có thành tích xuất sắc trong phong trào thi đua năm."]
    assert "rural-industry" not in extract_topics("Tổng kết năm", _long(once))


def test_scores_do_not_depend_on_the_order_terms_are_visited():
    # Weights whose float sum depends on the order of addition: the scores may not.
    weights = {"a": 1e16, "b": 1.0, "c": -1e16, "d": 1.0, "t:a": 0.1, "a b": 0.2}
    title, body = "a", "a b c d"
    expected = score_terms(article_terms(title, body), weights)
    assert expected == 2.3 or abs(expected - 2.3) < 1e-12
    for order in (weights, dict(reversed(list(weights.items())))):
        assert TermScorer({"m": order}).scores(title, body)["m"] == expected
