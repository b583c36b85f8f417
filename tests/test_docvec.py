"""The document vectors (ctsearch.docvec) and how the province and topic models use them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from ctsearch.docvec import DocVectors, doc_vector, doc_vectors
from ctsearch.extract import _prep
from ctsearch.lexical import article_terms

POWER = ("Công ty Điện lực tỉnh đóng điện trạm biến áp 110 kV mới, nâng cao khả năng cung cấp điện. "
         "Sản lượng điện thương phẩm năm nay đạt 1,2 tỷ kWh. Ngành điện cải tạo lưới điện nông thôn.")
POWER2 = ("Nhà máy thủy điện phát điện ổn định, bảo đảm cung ứng điện mùa khô; tổng công ty truyền tải "
          "điện đóng điện đường dây 500 kV, giảm tổn thất điện năng.")
CRAFT = ("Làng nghề mây tre đan của huyện có hơn 300 hộ làm nghề, sản phẩm thủ công mỹ nghệ xuất khẩu "
         "sang châu Âu; nghệ nhân truyền nghề cho lao động nông thôn, cơ sở được hỗ trợ khuyến công.")
SHOWBIZ = ("Nam ca sĩ tổ chức liveshow kỷ niệm 20 năm ca hát, khán giả xếp hàng mua vé; nữ diễn viên "
           "chia sẻ về vai diễn mới trong bộ phim truyền hình sắp lên sóng.")


def _vec(text: str, title: str = "") -> np.ndarray:
    v = doc_vector(_prep(title).lower(), _prep(text).lower())
    assert v is not None
    return v


def test_the_shipped_space_loads_and_gives_unit_vectors() -> None:
    space = doc_vectors()
    assert space is not None, "search/data/doc_vectors.npz is missing"
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
    directions = np.arange(10, dtype=float).reshape(2, 5) + 1
    space = DocVectors(vocab, np.array([1.0, 2.0, 3.0, 4.0, 5.0]), directions)
    title, body = "giá điện", "cải tạo lưới điện ở làng"
    want = sorted(vocab.index(t) for t in article_terms(title, body) if t in vocab)
    assert space.terms(title, body).tolist() == want == [0, 1, 2]
    raw = directions[:, want] @ np.array([1.0, 2.0, 3.0])
    assert np.allclose(space.vector(title, body), raw / np.linalg.norm(raw))


def test_the_models_weigh_a_vector_of_the_shipped_size() -> None:
    from ctsearch.extract import _province_model, _topic_model

    dims = doc_vectors().dims
    assert len(_province_model()[3]) == dims
    for slug, model in _topic_model().items():
        if model.kind == "words":
            assert len(model.vector_weights) == dims, slug


def test_extraction_does_without_the_space(monkeypatch) -> None:
    # A checkout without the data file still extracts: the models add nothing for it.
    from ctsearch import docvec, extract

    title, body = "Bảo đảm cung ứng điện mùa khô", "\n".join([POWER, POWER2] * 3)
    with_space = extract.extract_metadata(title, body)
    monkeypatch.setattr(docvec, "doc_vectors", lambda: None)
    monkeypatch.setattr(extract, "doc_vector", lambda title, body: None)
    without = extract.extract_metadata(title, body)
    assert "electricity" in with_space.topics and "electricity" in without.topics


def test_vectors_do_not_depend_on_the_hash_seed() -> None:
    # Sets iterate in hash order; the vector sums its terms in vocabulary order, so two
    # processes (two indexing workers) give the same bytes.
    code = ("import sys; from ctsearch.docvec import doc_vector; "
            f"sys.stdout.write(doc_vector('giá điện', {(POWER + CRAFT).lower()!r}).tobytes().hex())")
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
