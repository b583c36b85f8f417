"""Word pairings: sentences holding a word of each of two families are topic evidence no
listed phrase names (search/cooccur.py, "together" in data/topics.json)."""

from __future__ import annotations

import math

import pytest

from ctsearch import extract
from ctsearch.cooccur import FEATURES, sentence_spans
from ctsearch.extract import _TopicModel, _prep, extract_topics


def _topic(slug: str):
    return next(t for t in extract._tables().topics if t.slug == slug)


def _prepared(title: str, body: str) -> tuple[str, str]:
    return _prep(title).lower(), _prep(body).lower()


@pytest.mark.parametrize("text, sentences", [
    ("Giá điện tăng. Sản lượng giảm!", ["Giá điện tăng.", " Sản lượng giảm!"]),
    # No break inside numbers or abbreviations without a following space.
    ("Doanh thu đạt 1.200 tỷ đồng tại TP.HCM. Tăng 5,3%.", ["Doanh thu đạt 1.200 tỷ đồng tại TP.HCM.", " Tăng 5,3%."]),
    # Line breaks end a sentence; blank lines and spaces hold none.
    ("Tiêu đề phụ\n\n  \nĐoạn một… Đoạn hai", ["Tiêu đề phụ\n", "Đoạn một…", " Đoạn hai"]),
    # Closing quotes and brackets stay with their sentence.
    ('Ông nói: "Bán online." Sau đó (lần đầu.) mua.', ['Ông nói: "Bán online."', " Sau đó (lần đầu.)", " mua."]),
    ("Hết!!! Rồi… thôi", ["Hết!!!", " Rồi…", " thôi"]),
    ("", []),
])
def test_sentences(text: str, sentences: list[str]) -> None:
    assert [text[a:b] for a, b in sentence_spans(text)] == sentences


def test_an_online_word_beside_a_trading_word_is_online_trade() -> None:
    ecommerce = _topic("e-commerce")
    t, b = _prepared("Người tiêu dùng chuộng mua sắm qua ứng dụng", "\n".join([
        "Năm nay, khách hàng đặt mua hàng qua ứng dụng trên điện thoại nhiều gấp đôi năm trước.",
        "Các siêu thị cũng mở thêm quầy mới.",
        "Nhiều người cho biết họ thanh toán trực tuyến để tiết kiệm thời gian.",
        "Giá rau xanh ổn định.",
    ]))
    got = extract.topic_context(ecommerce, t, b)
    assert got["online_trade_share"] == pytest.approx(2 / 4)
    assert got["online_trade_count"] == pytest.approx(math.log1p(2))
    assert got["online_trade_title"] == 1.0 and got["online_trade_lead"] == 1.0
    # The same words in different sentences pair nothing.
    t, b = _prepared("Tin ngắn", "Ứng dụng mới ra mắt. Khách hàng đông. Siêu thị mở cửa.")
    assert extract.topic_context(ecommerce, t, b)["online_trade_count"] == 0.0


def test_families_match_whole_words_whatever_the_case() -> None:
    rural = _topic("rural-industry")
    pairing = next(p for p in rural.pairings if p.name == "craft_market")
    # "giá" (price) is a market word; "giáo" (in "giáo dục") is not.
    assert pairing.second.search("giá gốm tăng") and not pairing.second.search("giáo dục")
    # Text and patterns are prepared alike (NFC, tone placement, lower case).
    t, b = _prepared("Gốm sứ xuất khẩu", "Hàng thủ công mỹ nghệ của làng được khách nước ngoài ưa chuộng. Trời mưa.")
    assert extract.topic_context(rural, t, b)["craft_market_count"] == pytest.approx(math.log1p(1))
    t2, b2 = _prepared("Gốm sứ xuất khẩu", "Hàng thủ công mỹ nghệ của làng được khách nước ngoài ưa chuộng. Trời mưa.".upper())
    assert extract.topic_context(rural, t2, b2) == extract.topic_context(rural, t, b)


def test_every_pairing_gives_its_features_and_topics_without_any_give_none() -> None:
    for topic in extract._tables().topics:
        got = extract.topic_context(topic, "", "")
        assert set(got) == {f"{p.name}_{f}" for p in topic.pairings for f in FEATURES}
        assert all(v == 0.0 for v in got.values())
    assert extract.topic_context(_topic("electricity"), "điện", "mua bán online") == {}


def test_the_shipped_models_weigh_the_pairings_their_topics_declare() -> None:
    models = extract._topic_model()
    for topic in extract._tables().topics:
        model = models.get(topic.slug)
        names = {f"{p.name}_{f}" for p in topic.pairings for f in FEATURES}
        if model is None or model.kind != "words":
            continue
        assert set(model.context_weights or {}) == names, topic.slug
        # Learned from the labels, each pairing counts for its topic, not against it: an
        # article that pairs the families in 3 of its 15 sentences, one in its lead, gains.
        for p in topic.pairings:
            typical = {"share": 0.2, "count": math.log1p(3), "title": 0.0, "lead": 1.0}
            gain = sum(model.context_weights[f"{p.name}_{f}"] * v for f, v in typical.items())
            assert gain > 0, (topic.slug, p.name)


_SHOPPING = "\n".join([
    "Theo khảo sát mới công bố, người dân thành phố ngày càng chuộng mua hàng qua ứng dụng trên điện thoại.",
    "Khách hàng có thể đặt mua thực phẩm, quần áo và đồ gia dụng chỉ với vài thao tác.",
    "Một cửa hàng cho biết doanh thu bán qua website đã vượt doanh thu tại quầy.",
    "Nhiều người trả tiền qua ứng dụng để được giao hàng tận nhà.",
    "Các chuyên gia cho rằng xu hướng này sẽ còn tăng trong những năm tới.",
] * 2)


def test_pairings_can_decide_a_topic_without_its_phrases(monkeypatch) -> None:
    # A model that weighs only the pairing: the article names no e-commerce phrase.
    model = _TopicModel(kind="words", weights={}, bias=-3.0, threshold=0.5, terms={},
                        context_weights={"online_trade_count": 3.0})
    monkeypatch.setattr(extract, "_topic_model", lambda: {"e-commerce": model})
    monkeypatch.setattr(extract, "_term_scorer", lambda: extract.TermScorer({"e-commerce": {}}))
    t, b = _prepared("Thói quen mới của người tiêu dùng", _SHOPPING)
    assert extract.topic_features(_topic("e-commerce"), t, b) is None
    assert "e-commerce" in extract_topics("Thói quen mới của người tiêu dùng", _SHOPPING)
    # The same words, each online word in a sentence of its own: the pairing is silent and
    # the topic is not given.
    apart = _SHOPPING.replace(" qua ứng dụng trên điện thoại.", ". Ứng dụng trên điện thoại.").replace(
        " bán qua website đã", ". Website của họ rất đẹp. Doanh thu tại đây đã").replace(
        " trả tiền qua ứng dụng để", ". Ứng dụng rất tiện. Họ muốn")
    t, b = _prepared("Thói quen mới của người tiêu dùng", apart)
    assert extract.topic_context(_topic("e-commerce"), t, b)["online_trade_count"] == 0.0
    for online in ("ứng dụng", "website"):
        assert b.count(online) == _prepared("", _SHOPPING)[1].count(online)
    assert "e-commerce" not in extract_topics("Thói quen mới của người tiêu dùng", apart)


@pytest.mark.parametrize("change", [
    {"context_weights": {"old_pairing_count": 1.0}},  # a pairing renamed
    {"pairings": "0123456789ab"},                      # the same names, a word list edited
])
def test_a_model_trained_on_other_pairings_is_refused(monkeypatch, change: dict) -> None:
    load = extract._load
    data = load("topic_model.json")
    stale = {**data, "topics": {**data["topics"], "e-commerce": {**data["topics"]["e-commerce"], **change}}}
    monkeypatch.setattr(extract, "_load", lambda name: stale if name == "topic_model.json" else load(name))
    extract._topic_model.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="retrain"):
            extract._topic_model()
    finally:
        monkeypatch.undo()
        extract._topic_model.cache_clear()
    assert extract._topic_model()["e-commerce"].context_weights  # the shipped model loads
