"""The document vectors (ctsearch.docvec) and how the province and topic models use them."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ctsearch.docvec import DocVectors, doc_vectors
from ctsearch.extract import _prep
from ctsearch.lexical import article_terms

DATA = Path(__file__).resolve().parent.parent / "search" / "data"

POWER = ("Công ty Điện lực tỉnh đóng điện trạm biến áp 110 kV mới, nâng cao khả năng cung cấp điện. "
         "Sản lượng điện thương phẩm năm nay đạt 1,2 tỷ kWh. Ngành điện cải tạo lưới điện nông thôn.")
POWER2 = ("Nhà máy thủy điện phát điện ổn định, bảo đảm cung ứng điện mùa khô; tổng công ty truyền tải "
          "điện đóng điện đường dây 500 kV, giảm tổn thất điện năng.")
CRAFT = ("Làng nghề mây tre đan của huyện có hơn 300 hộ làm nghề, sản phẩm thủ công mỹ nghệ xuất khẩu "
         "sang châu Âu; nghệ nhân truyền nghề cho lao động nông thôn, cơ sở được hỗ trợ khuyến công.")
SHOWBIZ = ("Nam ca sĩ tổ chức liveshow kỷ niệm 20 năm ca hát, khán giả xếp hàng mua vé; nữ diễn viên "
           "chia sẻ về vai diễn mới trong bộ phim truyền hình sắp lên sóng.")


def _vec(text: str, title: str = "") -> np.ndarray:
    return doc_vectors().vector(_prep(title).lower(), _prep(text).lower())


def test_the_shipped_space_loads_and_gives_unit_vectors() -> None:
    space = doc_vectors()
    v = _vec(POWER)
    assert v.shape == (space.dims,) and abs(float(v @ v) - 1.0) < 1e-9
    # Nothing in common with the vocabulary: no direction at all.
    assert not _vec("qzxv wkjq").any()


def test_stories_of_one_kind_land_near_each_other() -> None:
    power, power2, craft, showbiz = (_vec(t) for t in (POWER, POWER2, CRAFT, SHOWBIZ))
    assert power @ power2 > power @ craft
    assert power @ power2 > power @ showbiz
    assert craft @ power < craft @ craft and showbiz @ craft < 0.5


def test_terms_are_the_vocabulary_terms_an_article_has() -> None:
    # A tiny space built by hand: syllables, pairs and a headline syllable.
    vocab = ["điện", "lưới điện", "t:giá", "làng nghề", "nghề"]
    directions = (np.arange(10).reshape(2, 5) + 1).astype(np.int8)
    scale = np.array([0.5, 0.25])
    space = DocVectors(vocab, np.array([1.0, 2.0, 3.0, 4.0, 5.0]), directions, scale)
    title, body = "giá điện", "cải tạo lưới điện ở làng"
    want = sorted(vocab.index(t) for t in article_terms(title, body) if t in vocab)
    assert space.terms(title, body).tolist() == want == [0, 1, 2]
    raw = (directions[:, want] * scale[:, None]) @ np.array([1.0, 2.0, 3.0])
    assert np.allclose(space.vector(title, body), raw / np.linalg.norm(raw))
    with pytest.raises(ValueError):
        DocVectors(vocab, np.ones(4), directions, scale)  # one idf short
    with pytest.raises(ValueError):
        DocVectors(vocab, np.ones(5), directions.astype(float), scale)  # not quantised


def test_the_models_were_trained_with_the_shipped_space() -> None:
    space = doc_vectors()
    weighing = 0
    for name in ("province_model.json", "topic_model.json"):
        data = json.loads((DATA / name).read_text("utf-8"))
        for model in [data, *data.get("topics", {}).values()]:
            if model.get("vector_weights"):
                weighing += 1
                assert model["doc_vectors"] == space.digest, name
                assert len(model["vector_weights"]) == space.dims, name
    assert weighing >= 2  # the province and at least one topic


def test_a_model_of_another_space_is_refused(monkeypatch) -> None:
    from ctsearch.docvec import model_weights, weigh

    with pytest.raises(RuntimeError, match="retrain"):
        model_weights({"vector_weights": [0.1] * doc_vectors().dims, "doc_vectors": "0" * 12}, "m")
    assert model_weights({"weights": {}}, "m") == ()
    with pytest.raises(ValueError, match="100"):
        weigh((0.1,) * 100, None)


def test_a_missing_space_is_a_clear_error(monkeypatch, tmp_path) -> None:
    # The models were trained with it: without it every score would shift, so no silent fallback.
    from ctsearch import docvec

    monkeypatch.setattr(docvec, "SPACE_FILE", tmp_path / "doc_vectors.npz")
    docvec.doc_vectors.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="train_doc_vectors"):
            docvec.doc_vectors()
    finally:
        docvec.doc_vectors.cache_clear()


def test_the_vector_is_worked_out_once_an_article(monkeypatch) -> None:
    from ctsearch import extract

    calls = []
    real = DocVectors.vector
    monkeypatch.setattr(DocVectors, "vector", lambda self, t, b: calls.append(1) or real(self, t, b))
    # No province and a text too short for the topic models: the story kind alone needs it.
    extract.extract_metadata("Giá vàng tăng", "Giá vàng hôm nay tăng nhẹ.")
    assert calls == [1]
    # A province to decide, two topic models to weigh and the story kind: one vector for all.
    md = extract.extract_metadata("Làng nghề Chợ Lách", "\n".join(["Làng nghề ở huyện Chợ Lách, tỉnh Bến Tre. " + CRAFT] * 4))
    assert md.province == "Bến Tre" and "rural-industry" in md.topics
    assert calls == [1, 1]


def test_the_vector_is_an_exact_sum() -> None:
    # Integer projection, then correctly rounded steps: the terms in any order, on any
    # machine, give the same bits (no BLAS product whose rounding depends on the CPU).
    space = doc_vectors()
    idx = space.terms("giá điện", (POWER + CRAFT).lower())
    ints = [sum(int(space._idf[i]) * int(space._rows[i, d]) for i in reversed(idx)) for d in range(space.dims)]
    v = np.array(ints, dtype=np.float64) * space._scale
    v = v / math.sqrt(math.fsum(x * x for x in v.tolist()))
    assert np.array_equal(space.vector("giá điện", (POWER + CRAFT).lower()), v)


def test_vectors_do_not_depend_on_the_hash_seed() -> None:
    # Sets iterate in hash order; the vector sums its terms in vocabulary order, so two
    # processes (two indexing workers) give the same bytes.
    code = ("import sys; from ctsearch.docvec import doc_vectors; "
            f"sys.stdout.write(doc_vectors().vector('giá điện', {(POWER + CRAFT).lower()!r}).tobytes().hex())")
    outs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outs.add(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                check=True).stdout)
    assert len(outs) == 1


def test_the_rules_version_covers_the_vectors(monkeypatch, tmp_path) -> None:
    from ctsearch import rulesversion

    data = tmp_path / "data"
    shutil.copytree(rulesversion._DATA_DIR, data)
    monkeypatch.setattr(rulesversion, "_DATA_DIR", data)
    before = rulesversion.rules_version()
    npz = data / "doc_vectors.npz"
    npz.write_bytes(npz.read_bytes() + b"\0")
    assert rulesversion.rules_version() != before


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_texts_without_words_give_no_direction(text: str) -> None:
    assert not _vec(text).any()


def test_training_reads_articles_without_the_models(monkeypatch) -> None:
    # After a new space is written, the shipped models no longer match it until they are
    # retrained: the training scripts must read their articles without them.
    import importlib.util

    from ctsearch import extract

    def stale(*_):
        raise RuntimeError("trained with another space")

    extract._province_model.cache_clear()
    extract._topic_model.cache_clear()
    monkeypatch.setattr(extract, "_province_model", stale)
    monkeypatch.setattr(extract, "_topic_model", stale)
    script = Path(__file__).resolve().parent.parent / "scripts" / "train_province_model.py"
    spec = importlib.util.spec_from_file_location("train_province_model", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    art = module.read_article({"id": "x", "title": "Điện gió Bến Tre", "date": "2020-01-01",
                               "text": "BDK - Ngày 7-2-2023, Sở Công Thương họp."})
    # The record's own date is left out: the labels judge what the text determines.
    assert art.title == "Điện gió Bến Tre" and art.date == "2023-02-07" and "Sở Công Thương" in art.body
