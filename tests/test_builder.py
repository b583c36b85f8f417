"""The segment builder writes what Whoosh's own writer would write, posting by posting."""

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec

from ctsearch.article import Article
from ctsearch.builder import SegmentBuilder, document_fields
from ctsearch.ingest import read_inputs
from ctsearch.article import build_article
from ctsearch.schema import TEXT_FORMS, make_schema

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus" / "vn-news.jsonl"

EXTRA = [
    Article("x1", "Điện gió, điện mặt trời", "Thuỷ điện Hoà Bình.\n\nThủy điện Hòa Bình - 2022…\nA  b",
            year=2022, province="Hòa Bình", provinces=["Hòa Bình", "Sơn La"], topics=["electricity"]),
    Article("x2", "", "…", source="vnexpress.net"),
    Article("x3", "Chỉ có tiêu đề", ""),
    Article("x1", "Bản sau", "Bản sau thay bản đầu: thương mại điện tử " * 60, year=2023),
]


def articles() -> list[Article]:
    got = [build_article(r) for r in read_inputs([str(SEEDS)])]
    return got + EXTRA


def whoosh_written(folder: Path, docs: list[Article]):
    """The same articles through Whoosh's writer and the schema's analysers."""
    ix = whoosh_index.create_in(str(folder), make_schema())
    writer = ix.writer(codec=W3Codec())
    for article in docs:
        fields = {k: v for k, v in document_fields(article).items() if v is not None}
        for base in ("title", "body"):
            text = fields.pop(base)
            if text:
                for suffix in TEXT_FORMS:
                    fields[base + suffix] = text
            else:
                fields[base] = text
        writer.add_document(**fields)
    writer.commit(merge=False)
    return ix


def built(folder: Path, docs: list[Article]):
    ix = whoosh_index.create_in(str(folder), make_schema())
    builder = SegmentBuilder(ix.schema, folder / "staging")
    for article in docs:
        builder.add(article)
    result = builder.finish()
    for name in result.files:
        (folder / "staging" / name).rename(folder / name)
    from whoosh.index import TOC
    TOC(ix.schema, [result.segment], 1).write(ix.storage, ix.indexname)
    return whoosh_index.open_dir(str(folder)), result


def postings(reader, fieldname):
    out = {}
    fmt = reader.schema[fieldname].format
    for tbytes in reader.lexicon(fieldname):
        info = reader.term_info(fieldname, tbytes)
        m = reader.postings(fieldname, tbytes)
        items = []
        while m.is_active():
            value = m.value()
            pos = fmt.decode_positions(value) if fmt.supports("positions") else None
            items.append((m.id(), m.weight(), pos))
            m.next()
        out[tbytes] = (info.doc_frequency(), info.weight(), info.min_length(), info.max_length(),
                       info.max_weight(), info.min_id(), info.max_id(), items)
    return out


def assert_same_index(tmp_path, unique):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    ref = whoosh_written(tmp_path / "a", unique)
    ours, _ = built(tmp_path / "b", unique)
    with ref.reader() as r1, ours.reader() as r2:
        assert r1.doc_count_all() == r2.doc_count_all() == len(unique)
        fields = sorted(set(r1.indexed_field_names()))
        assert fields == sorted(set(r2.indexed_field_names()))
        for name in fields:
            assert postings(r1, name) == postings(r2, name), name
            if r1.schema[name].scorable:
                assert [r1.doc_field_length(d, name) for d in range(len(unique))] == \
                    [r2.doc_field_length(d, name) for d in range(len(unique))], name
                assert r1.field_length(name) == r2.field_length(name)
        for d in range(len(unique)):
            assert r1.stored_fields(d) == r2.stored_fields(d)
        for col in ("c_province", "c_topics", "c_year", "c_date", "c_plain"):
            assert list(r1.column_reader(col)) == list(r2.column_reader(col))


def test_builder_writes_the_same_index_as_whoosh(tmp_path):
    # Whoosh cannot replace within one uncommitted writer; compare without the repeat.
    assert_same_index(tmp_path, articles()[:-1])


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus/vn-news.jsonl not present")
def test_builder_equals_whoosh_on_real_news(tmp_path):
    # Enough articles for posting lists longer than one block (128 postings).
    import itertools
    sample = tmp_path / "sample.jsonl"
    with open(CORPUS, encoding="utf-8") as src:
        sample.write_text("".join(itertools.islice(src, 0, 6000, 40)), encoding="utf-8")
    docs = [build_article(r) for r in read_inputs([str(sample)])]
    assert len(docs) == 150
    assert_same_index(tmp_path, docs)


def test_the_same_id_again_in_a_batch_replaces_the_earlier(tmp_path):
    (tmp_path / "b").mkdir()
    ix, result = built(tmp_path / "b", articles())
    assert result.replaced == [result.ids.index("x1")]
    with ix.searcher() as s:
        live = [s.stored_fields(d)["title"] for d in s.document_numbers(id="x1")]
    assert live == ["Bản sau"]
