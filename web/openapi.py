"""The JSON API's contract: an OpenAPI 3.1 description of every ``/api/`` route.

People script against the API, so its shape is a promise. The description is built here, beside
the code, from one table of fields per object: adding a field to a response is one line in the
table that names that object (``HIT``, ``SEARCH_RESULT``…), adding a parameter one line in
``SEARCH_PARAMETERS``. Facets (their counts, filters and parameters) come from their declarations
in :mod:`ctsearch.facetdefs`. The objects are closed (``additionalProperties: false``): the tests
validate real responses against these schemas, so a field added to the code but not here fails
them, naming the route and the field.

The examples are real answers of the index of the shipped seeds (a test checks them against it),
so that the page an API viewer draws shows what the API really returns.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

from ctsearch.facetdefs import FacetDef, facets
from ctsearch.rulesversion import RULES_VERSION
from ctsearch.topics import TOPIC_LABELS

from .state import (API_SEARCH_SINGLE, FACETS, MAX_API_LIMIT, MAX_FACET_SIZE, MAX_FACET_VALUE_CHARS,
                    MAX_FACET_VALUES, MAX_PAGE, MAX_QUERY_CHARS, PAGE_SIZE, SORTS, check_parameters)

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1"

#: Longest facet value accepted (see ``SearchState.from_args``).

Schema = dict[str, Any]


# --- schema helpers -------------------------------------------------------------------------

def string(description: str, **extra: Any) -> Schema:
    return {"type": "string", "description": description, **extra}


def integer(description: str, **extra: Any) -> Schema:
    return {"type": "integer", "description": description, **extra}


def nullable(schema: Schema) -> Schema:
    """The same schema, or null (JSON Schema 2020-12: a list of types)."""
    out = dict(schema)
    out["type"] = [schema["type"], "null"]
    return out


def array(items: Schema, description: str, **extra: Any) -> Schema:
    return {"type": "array", "items": items, "description": description, **extra}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def closed(fields: dict[str, Schema], description: str, *, optional: tuple[str, ...] = ()) -> Schema:
    """An object with exactly these fields: all required except ``optional``, no others."""
    unknown = set(optional) - set(fields)
    if unknown:
        raise ValueError(f"optional fields not described: {sorted(unknown)}")
    return {
        "type": "object",
        "description": description,
        "properties": fields,
        "required": [name for name in fields if name not in optional],
        "additionalProperties": False,
    }


# --- examples: answers of the seeds index --------------------------------------------------
# Long texts are cut with "…" (the test checks each piece against the real answer, in order).

EXAMPLE_ID = "004_e6687adce95f4d90"

_EXAMPLE_SNIPPET = ("… thực hiện năm 2022; phấn đấu trong năm 2023 có ít nhất 377MW <mark>điện gió</mark> đưa vào "
                    "khai thác thương mại. Tại hội nghị, Phó chủ tịch UBND tỉnh Nguyễn Minh Cảnh chỉ đạo, ngay từ "
                    "đầu năm, ngành công thương …")

SEARCH_EXAMPLE_URL = "/api/search?q=dien+gio&province=ben+tre&limit=1"
SEARCH_EXAMPLE: dict = {'query': 'dien gio',
 'total': 1,
 'page': 1,
 'limit': 1,
 'sort': 'relevance',
 'filters': {'province': ['Bến Tre'], 'current_province': [], 'year': [], 'topic': [], 'source': [], 'mentions': []},
 'dates': {'from': None, 'to': None},
 'hits': [{'id': '004_e6687adce95f4d90',
           'title': 'Triển khai nhiệm vụ ngành công thương năm 2023',
           'title_derived': None,
           'date': '2023-02-07',
           'year': 2023,
           'province': 'Bến Tre',
           'topics': ['electricity'],
           'source': None,
           'url': None,
           'score': 1.605,
           'snippet': '… thực hiện năm 2022; phấn đấu trong năm 2023 có ít nhất 377MW <mark>điện gió</mark> '
                      'đưa vào khai thác thương mại. Tại hội nghị, Phó chủ tịch UBND tỉnh Nguyễn Minh Cảnh '
                      'chỉ đạo, ngay từ đầu năm, ngành công thương …',
           'title_html': 'Triển khai nhiệm vụ ngành công thương năm 2023',
           'missing': [],
           'current_province': 'Vĩnh Long',
           'province_label': 'Bến Tre (nay thuộc Vĩnh Long)',
           'provinces': ['Bến Tre']}],
 'facets': {'province': [{'value': 'Bến Tre',
                          'label': 'Bến Tre (nay thuộc Vĩnh Long)',
                          'count': 1,
                          'selected': True,
                          'toggle_url': '/api/search?q=dien+gio&limit=1'},
                         {'value': 'Không rõ',
                          'label': 'Không rõ',
                          'count': 1,
                          'selected': False,
                          'toggle_url': '/api/search?q=dien+gio&province=B%E1%BA%BFn+Tre&province=Kh%C3%B4ng+r%C3%B5&limit=1'}],
            'current_province': [{'value': 'Vĩnh Long',
                                  'label': 'Vĩnh Long',
                                  'count': 1,
                                  'selected': False,
                                  'toggle_url': '/api/search?q=dien+gio&province=B%E1%BA%BFn+Tre&current_province=V%C4%A9nh+Long&limit=1'}],
            'year': [{'value': '2023',
                      'label': '2023',
                      'count': 1,
                      'selected': False,
                      'toggle_url': '/api/search?q=dien+gio&province=B%E1%BA%BFn+Tre&year=2023&limit=1'}],
            'topic': [{'value': 'electricity',
                       'label': 'Điện',
                       'count': 1,
                       'selected': False,
                       'toggle_url': '/api/search?q=dien+gio&province=B%E1%BA%BFn+Tre&topic=electricity&limit=1'}],
            'source': [],
            'mentions': [{'value': 'Bến Tre',
                          'label': 'Bến Tre (nay thuộc Vĩnh Long)',
                          'count': 1,
                          'selected': False,
                          'toggle_url': '/api/search?q=dien+gio&province=B%E1%BA%BFn+Tre&mentions=B%E1%BA%BFn+Tre&limit=1'}]},
 'facets_more': {},
 'suggestion': None,
 'interpreted_as': 'điện gió',
 'literal': False,
 'being_built': False,
 'also_searched': ['phong điện'],
 'total_full': 1,
 'partial': False,
 'apart': [],
 'ignored': '',
 'wider': [],
 'place': None,
 'dates_empty': None,
 'took_ms': 6.1,
 'pages': 1}

ARTICLE_EXAMPLE_URL = f"/api/articles/{EXAMPLE_ID}?q=dien+gio"
ARTICLE_EXAMPLE: dict = {'id': '004_e6687adce95f4d90',
 'title': 'Triển khai nhiệm vụ ngành công thương năm 2023',
 'title_derived': None,
 'body': '07/02/2023 - 18:34\n'
         'BDK - Ngày 7-2-2023, Sở Công Thương tổ chức hội nghị triển khai nhiệm vụ ngành công thương năm '
         '2023. Phó chủ tịch UBND tỉnh Nguyễn Minh Cảnh, Giám đốc Sở Công Thương Nguyễn Văn Bé Sáu chủ trì '
         'hội nghị.\n'
         'Phó chủ tịch UBND tỉnh Nguyễn Minh Cảnh phát biểu chỉ đạo hội nghị.\n'
         'Phó chủ tịch UBND tỉnh Nguyễn Minh Cảnh phát biểu chỉ đạo hội nghị.\n'
         'Năm 2022, các chỉ tiêu phát triển kinh tế - xã hội của tỉnh đã phục hồi rõ nét và đạt được kết quả '
         'quan trọng. Giá trị sản xuất công nghiệp - tiểu thủ công nghiệp ước tăng 12,65% so với năm 2021. '
         'Kim ngạch xuất khẩu năm 2022 tăng 19,69% so với cùng kỳ. Tổng mức bán lẻ hàng hóa và doanh thu '
         'dịch vụ tăng trên 15% so với cùng kỳ.\n'
         'Năm 2023, Sở Công Thương đặt mục tiêu phấn đấu thực hiện giá trị sản xuất công nghiệp - tiểu thủ '
         'công nghiệp đạt 39.600 tỷ đồng, tăng 8,49% so với ước thực hiện năm 2022; tổng mức bán lẻ hàng hóa '
         'và doanh thu dịch vụ tiêu dùng năm 2023 đạt 62.000 tỷ đồng, tăng 8,7% so ước thực hiện năm 2022; '
         'kim ngạch xuất khẩu năm 2023 đạt 1.700 triệu USD, tăng 12,61% so với ước thực hiện năm 2022; kim '
         'ngạch nhập khẩu đạt 650 triệu USD, tăng 14,04% so với ước thực hiện năm 2022; phấn đấu trong năm '
         '2023 có ít nhất 377MW điện gió đưa vào khai thác thương mại.\n'
         'Tại hội nghị, Phó chủ tịch UBND tỉnh Nguyễn Minh Cảnh chỉ đạo, ngay từ đầu năm, ngành công thương '
         'cần triển khai thực hiện nhanh và có hiệu quả các giải pháp đã đề ra trong định hướng kế hoạch; cụ '
         'thể hóa các nhiệm vụ, chỉ tiêu thành các đầu việc cụ thể, xác định rõ thời gian hoàn thành và theo '
         'dõi chặt chẽ để đảm bảo thực hiện đạt và vượt các nhiệm vụ mà Tỉnh ủy, HĐND và UBND tỉnh đã đề '
         'ra.\n'
         'Sở phối hợp với các ngành, địa phương tham mưu cho Tỉnh ủy, UBND tỉnh tiếp tục triển khai các giải '
         'pháp phục hồi và phát triển kinh tế. Chủ động phối hợp với Sở Nông nghiệp và Phát triển nông thôn '
         'thực hiện các giải pháp góp phần nâng cao giá cả các sản phẩm nông nghiệp, trong đó chú trọng nâng '
         'cao giá trị tăng thêm cho cây dừa. Tập trung triển khai công tác khuyến công có trọng tâm, trọng '
         'điểm. Xây dựng hoàn thành Đề án phát triển Trung tâm dừa Đồng Gò trở thành Trung tâm Nghiên cứu, '
         'phát triển dừa mang tầm quốc gia. Triển khai Đề án Phát triển kinh tế ban đêm trên địa bàn tỉnh, '
         'trong đó nghiên cứu tổ chức thí điểm một số khu vực, lĩnh vực, ngành nghề để thu hút vốn đầu tư, '
         'góp phần tăng quy mô thương mại, dịch vụ, nguồn thu cho ngân sách. Theo dõi, phối hợp, hỗ trợ các '
         'nhà đầu tư đưa vào khai thác các dự án để đến cuối năm 2023 có ít nhất 377MW điện gió đưa vào khai '
         'thác thương mại; tranh thủ Bộ Công Thương để đủ điều kiện khởi công Nhà máy sản xuất Hydro xanh '
         'Bến Tre. Chủ động hơn nữa trong việc theo dõi, đôn đốc công tác hỗ trợ bồi thường giải phóng mặt '
         'bằng các công trình cấp điện 110KV do Tổng công ty Điện lực miền Nam triển khai trên địa bàn tỉnh '
         'nhằm đảm bảo cung ứng điện phục vụ phát triển kinh tế - xã hội và tạo điều kiện giải tỏa công suất '
         'các dự án điện gió.\n'
         'Tin, ảnh: Cẩm Trúc',
 'date': '2023-02-07',
 'year': 2023,
 'province': 'Bến Tre',
 'current_province': 'Vĩnh Long',
 'province_label': 'Bến Tre (nay thuộc Vĩnh Long)',
 'provinces': ['Bến Tre'],
 'topics': ['electricity'],
 'source': None,
 'url': None,
 'title_html': 'Triển khai nhiệm vụ ngành công thương năm 2023',
 'body_html': '07/02/2023 - 18:34\n'
              'BDK - Ngày 7-2-2023, Sở Công Thương tổ chức hội nghị triển khai nhiệm vụ ngành công thương '
              'năm 2023. Phó chủ tịch UBND tỉnh Nguyễn Minh Cảnh, Giám đốc Sở Công Thương Nguyễn Văn Bé Sáu '
              'chủ trì hội nghị.\n'
              'Phó chủ tịch UBND tỉnh Nguyễn Minh Cảnh phát biểu chỉ đạo hội nghị.\n'
              'Phó chủ tịch UBND tỉnh Nguyễn Minh Cảnh phát biểu chỉ đạo hội nghị.\n'
              'Năm 2022, các chỉ tiêu phát triển kinh tế - xã hội của tỉnh đã phục hồi rõ nét và đạt được '
              'kết quả quan trọng. Giá trị sản xuất công nghiệp - tiểu thủ công nghiệp ước tăng 12,65% so '
              'với năm 2021. Kim ngạch xuất khẩu năm 2022 tăng 19,69% so với cùng kỳ. Tổng mức bán lẻ hàng '
              'hóa và doanh thu dịch vụ tăng trên 15% so với cùng kỳ.\n'
              'Năm 2023, Sở Công Thương đặt mục tiêu phấn đấu thực hiện giá trị sản xuất công nghiệp - tiểu '
              'thủ công nghiệp đạt 39.600 tỷ đồng, tăng 8,49% so với ước thực hiện năm 2022; tổng mức bán lẻ '
              'hàng hóa và doanh thu dịch vụ tiêu dùng năm 2023 đạt 62.000 tỷ đồng, tăng 8,7% so ước thực '
              'hiện năm 2022; kim ngạch xuất khẩu năm 2023 đạt 1.700 triệu USD, tăng 12,61% so với ước thực '
              'hiện năm 2022; kim ngạch nhập khẩu đạt 650 triệu USD, tăng 14,04% so với ước thực hiện năm '
              '2022; phấn đấu trong năm 2023 có ít nhất 377MW <mark>điện gió</mark> đưa vào khai thác thương '
              'mại.\n'
              'Tại hội nghị, Phó chủ tịch UBND tỉnh Nguyễn Minh Cảnh chỉ đạo, ngay từ đầu năm, ngành công '
              'thương cần triển khai thực hiện nhanh và có hiệu quả các giải pháp đã đề ra trong định hướng '
              'kế hoạch; cụ thể hóa các nhiệm vụ, chỉ tiêu thành các đầu việc cụ thể, xác định rõ thời gian '
              'hoàn thành và theo dõi chặt chẽ để đảm bảo thực hiện đạt và vượt các nhiệm vụ mà Tỉnh ủy, '
              'HĐND và UBND tỉnh đã đề ra.\n'
              'Sở phối hợp với các ngành, địa phương tham mưu cho Tỉnh ủy, UBND tỉnh tiếp tục triển khai các '
              'giải pháp phục hồi và phát triển kinh tế. Chủ động phối hợp với Sở Nông nghiệp và Phát triển '
              'nông thôn thực hiện các giải pháp góp phần nâng cao giá cả các sản phẩm nông nghiệp, trong đó '
              'chú trọng nâng cao giá trị tăng thêm cho cây dừa. Tập trung triển khai công tác khuyến công '
              'có trọng tâm, trọng điểm. Xây dựng hoàn thành Đề án phát triển Trung tâm dừa Đồng Gò trở '
              'thành Trung tâm Nghiên cứu, phát triển dừa mang tầm quốc gia. Triển khai Đề án Phát triển '
              'kinh tế ban đêm trên địa bàn tỉnh, trong đó nghiên cứu tổ chức thí điểm một số khu vực, lĩnh '
              'vực, ngành nghề để thu hút vốn đầu tư, góp phần tăng quy mô thương mại, dịch vụ, nguồn thu '
              'cho ngân sách. Theo dõi, phối hợp, hỗ trợ các nhà đầu tư đưa vào khai thác các dự án để đến '
              'cuối năm 2023 có ít nhất 377MW <mark>điện gió</mark> đưa vào khai thác thương mại; tranh thủ '
              'Bộ Công Thương để đủ điều kiện khởi công Nhà máy sản xuất Hydro xanh Bến Tre. Chủ động hơn '
              'nữa trong việc theo dõi, đôn đốc công tác hỗ trợ bồi thường giải phóng mặt bằng các công '
              'trình cấp điện 110KV do Tổng công ty Điện lực miền Nam triển khai '
              'trên địa bàn tỉnh nhằm đảm bảo cung ứng điện phục vụ phát triển kinh tế - xã hội '
              'và tạo điều kiện giải tỏa công suất các dự án <mark>điện gió</mark>.\n'
              'Tin, ảnh: Cẩm Trúc',
 'lacks': []}

COMPLETE_EXAMPLE_URL = "/api/complete?q=san+pham+cong+nghiep+n"
COMPLETE_EXAMPLE: dict = {'query': 'san pham cong nghiep n',
 'completions': [{'text': 'sản phẩm công nghiệp nông thôn', 'articles': 2}]}

STATS_EXAMPLE_URL = "/api/stats"
STATS_EXAMPLE: dict = {'articles': 5,
 'facets': {'province': [{'value': 'Bến Tre',
                          'label': 'Bến Tre (nay thuộc Vĩnh Long)',
                          'count': 1,
                          'selected': False},
                         {'value': 'Điện Biên', 'label': 'Điện Biên', 'count': 1, 'selected': False},
                         {'value': 'Sơn La', 'label': 'Sơn La', 'count': 1, 'selected': False},
                         {'value': 'Không rõ', 'label': 'Không rõ', 'count': 2, 'selected': False}],
            'current_province': [{'value': 'Điện Biên', 'label': 'Điện Biên', 'count': 1, 'selected': False},
                                 {'value': 'Sơn La', 'label': 'Sơn La', 'count': 1, 'selected': False},
                                 {'value': 'Vĩnh Long', 'label': 'Vĩnh Long', 'count': 1, 'selected': False},
                                 {'value': 'Không rõ', 'label': 'Không rõ', 'count': 2, 'selected': False}],
            'year': [{'value': '2023', 'label': '2023', 'count': 2, 'selected': False},
                     {'value': '2022', 'label': '2022', 'count': 2, 'selected': False},
                     {'value': '2021', 'label': '2021', 'count': 1, 'selected': False}],
            'topic': [{'value': 'electricity', 'label': 'Điện', 'count': 2, 'selected': False},
                      {'value': 'rural-industry',
                       'label': 'Sản phẩm công nghiệp nông thôn',
                       'count': 2,
                       'selected': False}],
            'source': [],
            'mentions': [{'value': 'Bến Tre',
                          'label': 'Bến Tre (nay thuộc Vĩnh Long)',
                          'count': 1,
                          'selected': False},
                         {'value': 'Điện Biên', 'label': 'Điện Biên', 'count': 1, 'selected': False},
                         {'value': 'Sơn La', 'label': 'Sơn La', 'count': 1, 'selected': False}]},
 'rules': {'current': RULES_VERSION, 'index': [RULES_VERSION], 'rebuild_needed': False}}

#: Error answers, each with the request that gets it from the seeds index.
ERROR_EXAMPLES: dict[str, tuple[str, dict]] = {
    "unknown_province": ("/api/search?province=ben+tree", {
        "error": "không có tỉnh/thành “ben tree”; gần nhất: Bến Tre, Điện Biên, Quảng Trị",
        "param": "province", "value": "ben tree", "choices": ["Bến Tre", "Điện Biên", "Quảng Trị"]}),
    "limit_out_of_range": ("/api/search?limit=500", {
        "error": "Số kết quả mỗi trang (limit) phải là số nguyên từ 1 đến 100, không phải “500”", "param": "limit", "value": "500", "choices": []}),
    "unknown_sort": ("/api/search?sort=popular", {
        "error": "Cách sắp xếp (sort) phải là một trong: relevance, date, không phải “popular”", "param": "sort", "value": "popular",
        "choices": ["relevance", "date"]}),
    "unknown_article": ("/api/articles/khong-co-bai-nay", {
        "error": "không có bài với id “khong-co-bai-nay”", "status": 404, "id": "khong-co-bai-nay"}),
    "unknown_route": ("/api/khong-co", {
        "error": "Trang bạn tìm không tồn tại hoặc đã bị xoá.", "status": 404}),
}


# --- the objects ---------------------------------------------------------------------------
# One line per field: this is where a new response field is described.

_HTML = "HTML: the text escaped, the query's matches in <mark>, no other markup."
_TOPIC_SLUGS = "Topic slugs: " + ", ".join(f"{slug} ({label})" for slug, label in TOPIC_LABELS.items()) + "."

HIT: dict[str, Schema] = {
    "id": string("The article's id (for /api/articles/{article_id}).", minLength=1),
    "title": string("The title, plain text."),
    "title_derived": nullable(string("For an article without a title: the one the page shows instead, made "
                                     "from its first sentence or its address; null when it has its own.")),
    "date": nullable(string("Publication date, YYYY-MM-DD, or YYYY-MM when only the month is known; "
                            "null when unknown.", pattern=r"^\d{4}-\d{2}(-\d{2})?$")),
    "year": nullable(integer("Publication year; null when unknown.")),
    "province": nullable(string("The province the article is about; null when unknown.")),
    "topics": array({"type": "string", "enum": list(TOPIC_LABELS)}, _TOPIC_SLUGS),
    "source": nullable(string("The publisher, when the input gave one.")),
    "url": nullable(string("The original article's address, when the input gave one.")),
    "score": nullable({"type": "number", "description": "Relevance (BM25); null when sorted by date or listing without a query."}),
    "snippet": string("Passages around the matches. " + _HTML),
    "title_html": string("The title. " + _HTML),
    "missing": array({"type": "string"}, "The query's words this hit lacks (a partial match); empty when it "
                     "contains every word."),
    "current_province": nullable(string("The province the article's province belongs to since 1 July 2025 "
                                        "(Nghị quyết 202/2025/QH15); null when unknown.")),
    "province_label": nullable(string("The province as shown: “Hà Giang (nay thuộc Tuyên Quang)” when it now "
                                      "belongs to another unit; null when unknown.")),
    "provinces": array({"type": "string"}, "Every province the article mentions, in order of first mention "
                       "(the main one among them): the filters take only the main one."),
}

FACET_VALUE: dict[str, Schema] = {
    "value": string("What the filter parameter takes (“Bến Tre”, “2022”, “electricity”, “Không rõ”)."),
    "label": string("What a person reads (“Điện” for electricity)."),
    "count": integer("Matching articles with this value; a facet's counts ignore that facet's own filter.", minimum=0),
    "selected": {"type": "boolean", "description": "Whether this value is among the filters."},
}

SEARCH_FACET_VALUE: dict[str, Schema] = {
    **FACET_VALUE,
    "toggle_url": string("The /api/search URL that ticks or unticks this value (page back to 1).",
                         pattern="^/api/search"),
}

def facet_docs() -> dict[str, str]:
    """Facet name -> what it counts (the keys of ``facets`` and ``filters``)."""
    return {f.name: f.api_doc for f in facets()}


SEARCH_RESULT: dict[str, Schema] = {
    "query": string("The query text as received (trimmed)."),
    "total": integer("Number of matching articles.", minimum=0),
    "page": integer("This page's number.", minimum=1),
    "limit": integer("Hits per page.", minimum=1, maximum=MAX_API_LIMIT),
    "sort": string("The order of the hits.", enum=list(SORTS)),
    "filters": ref("Filters"),
    "dates": closed({"from": nullable(string("First day of the date range (from), YYYY-MM-DD.", format="date")),
                     "to": nullable(string("Last day of the date range (to), YYYY-MM-DD.", format="date"))},
                    "The date range applied, in canonical form (null: open)."),
    "hits": array(ref("Hit"), "This page's hits, best first (or newest first)."),
    "facets": ref("SearchFacets"),
    "facets_more": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1},
                    "description": "Facet name -> how many more values it counted than it lists (the facet_size "
                                   "values with most articles and every value selected, in the facet's order); a "
                                   "facet with none left out is absent. /api/stats lists every value."},
    "suggestion": nullable(string("“Có phải bạn muốn tìm”: a reading or spelling the index suggests, when it is "
                                  "not sure enough to search it instead; null when none.")),
    "interpreted_as": nullable(string("The reading searched instead of the words typed (“dien gio” → “điện gió”); "
                                      "also given when unsure but every article found holds the reading; null when the "
                                      "query was searched as typed. literal=1 searches as typed.")),
    "literal": {"type": "boolean", "description": "Whether the words were searched exactly as typed (literal=1)."},
    "being_built": {"type": "boolean", "description": "Whether nothing was found because the index is being built for "
                    "the first time and holds no article yet: the articles appear when the first batch is stored "
                    "(try again in a few minutes)."},
    "also_searched": array({"type": "string"}, "Other forms searched for a name or abbreviation typed "
                           "(“TMĐT” for “thương mại điện tử”)."),
    "total_full": integer("Matching articles that contain every word of the query.", minimum=0),
    "partial": {"type": "boolean", "description": "Whether articles containing most but not all words follow the "
                "full matches (then total and the facet counts include them; with total 0, none passed the "
                "filters, but the counts of other values of a filtered facet may hold some)."},
    "apart": array({"type": "string"}, "Terms typed that no article writes whole (“điện sinh khối”), searched "
                   "as their words, those standing together first; empty otherwise."),
    "ignored": string("The words typed after the 32nd, not searched (a paragraph pasted whole is searched by "
                      "its first 32 words); empty otherwise."),
    "wider": array(closed({
        "facet": string("The filter chosen (“province”, “current_province”, “mentions” or “year”)."),
        "value": string("Its value (“Hà Giang”); for the year, the years chosen, listed (“2019, 2020”); for "
                        "mentions instead of several provinces chosen (a region's), those provinces, listed."),
        "to_facet": string("The filter to use instead: the same one, “current_province” for today's whole "
                           "province that took this one's name, “mentions” for the articles that mention "
                           "the province chosen as the main one (or, for today's province, any of the former "
                           "provinces in holds: filter by each of them), or “year” again for the articles of no "
                           "known year, to add to the years chosen."),
        "to_value": string("Its value (“Tuyên Quang”, the name of today's province holding Hà Giang; "
                           "“Không rõ” for the articles of no known year)."),
        "holds": array({"type": "string"}, "The values of facet that to_value holds (“Tuyên Quang”, “Hà Giang”); "
                                           "for mentions, the values to filter by (today's Khánh Hòa: “Khánh Hòa”, "
                                           "“Ninh Thuận”)."),
        "merged": nullable(string("The day to_value began to hold value (2025-07-01, the merger); null for "
                                  "mentions instead of the main province and for the year.", format="date")),
        "since": nullable(string("The first day searched: the merger's or a later from; for current_province, "
                                 "the from asked for (null: none, every date).", format="date")),
        "count": integer("Articles to_value finds from since on (every date when since is null), the rest of "
                         "the search kept.", minimum=1),
    }, "A wider search."), "With one province chosen (as the province or as one mentioned) that merged on 1 July 2025 "
        "into a province named after another: what that name finds in the articles written since, which may name only today's province "
        "(and so be missed by this search), when it finds any (for mentions, any this search does not find: "
        "an article may mention both). With one province chosen whose name today's province took (“Bắc Ninh”, "
        "which now holds former Bắc Giang too; not typed “Bắc Ninh cũ”), on the first page: what today's whole "
        "province finds, when that is at least 1.25 times what this search found. With main provinces "
        "(or today's provinces) chosen that find fewer than 10 articles, on the first page: what the "
        "articles that mention any of them (or any of their former provinces) find, when that is more. With years chosen (not “Không rõ”) that find fewer than 10 articles, on the first "
        "page: what the articles of no known year find, when they are any (most articles give no date "
        "that fixes their year). Empty otherwise."),
    "dates_empty": nullable(closed({
        "newest": nullable(string("The day of the index's newest article, where the dates chosen lie after it; "
                                  "null otherwise.", format="date")),
    }, "No article at all is dated in the dates chosen.")),
    "place": nullable(closed({
        "typed": string("The words of the query naming the province (“bac ninh”)."),
        "current_province": string("Today's province of that name, or holding it (“Bắc Ninh”)."),
        "province": nullable(string("Typed with “cũ” after it (“ha giang cu”): the province as it was "
                                    "(“Hà Giang”), whose filter (province) is the one offered; null otherwise, "
                                    "the offer being today's province (current_province).")),
        "holds": array({"type": "string"}, "The former provinces it holds, its own first (“Bắc Ninh”, "
                                           "“Bắc Giang”)."),
        "query": string("The query without those words (“vai thieu”; empty when they were the whole query)."),
        "found": integer("Articles holding every word of query in that province of today (the other filters and "
                         "dates kept).", minimum=1),
    }, "A province named in the query, where searching the rest of the words in today's province finds "
       "articles.")),
    "took_ms": {"type": "number", "minimum": 0, "description": "Time the search took, in milliseconds."},
    "pages": integer("Number of pages (at least 1).", minimum=1),
}

ARTICLE: dict[str, Schema] = {
    "id": string("The article's id.", minLength=1),
    "title": string("The title, plain text."),
    "title_derived": HIT["title_derived"],
    "body": string("The cleaned text, plain; paragraphs separated by \\n."),
    "date": HIT["date"],
    "year": HIT["year"],
    "province": HIT["province"],
    "provinces": HIT["provinces"],
    "topics": HIT["topics"],
    "source": HIT["source"],
    "url": HIT["url"],
    "current_province": HIT["current_province"],
    "province_label": HIT["province_label"],
    "title_html": string("Only with q: the title. " + _HTML),
    "body_html": string("Only with q: the text. " + _HTML),
    "lacks": array({"type": "string"}, "Only with q: the query's words the article holds nowhere, in no form "
                                       "(opened from a near match; its `missing` also names a term whose words it "
                                       "holds apart); empty when it holds them all."),
}
ARTICLE_OPTIONAL = ("title_html", "body_html", "lacks")

RULES: dict[str, Schema] = {
    "current": string("The version of the extraction rules this server runs (province, topics, year)."),
    "index": array({"type": "string"}, "The versions the index's articles were extracted with, oldest first."),
    "rebuild_needed": {"type": "boolean", "description": "Whether some articles' facets were extracted by "
                       "other rules than the current ones: rebuilding the index (ctsearch index … --rebuild) "
                       "applies the current rules to them."},
}

COMPLETION: dict[str, Schema] = {
    "text": string("The query finished, with its marks, as it would be searched."),
    "articles": integer("How many articles write the last two words typed and the first added side by side "
                        "(0 for an offer none writes so, listed last; after one word typed, that word and the next "
                        "side by side): not the number of its results; but for “cũ” or “mới” after a province a merger "
                        "changed (“hà giang cũ”, offered first), the articles its search finds holding every word.",
                        minimum=0),
}

COMPLETIONS: dict[str, Schema] = {
    "query": string("q as sent."),
    "completions": array(ref("Completion"), "Best first; empty when nothing is offered (an empty q, a word "
                                              "typed after a mark or a number, nothing the articles write)."),
}

STATS: dict[str, Schema] = {
    "articles": integer("Number of articles in the index.", minimum=0),
    "facets": ref("Facets"),
    "rules": closed(RULES, "Which extraction rules built the index."),
}

PARAMETER_ERROR: dict[str, Schema] = {
    "error": string("What is wrong, in Vietnamese."),
    "param": string("The parameter at fault (q, province, year, topic, sort, page, limit)."),
    "value": nullable(string("The value received (cut to 40 characters), when it helps.")),
    "choices": array({"type": "string"}, "The nearest valid values, when there are any."),
    "notes": {"type": "object", "additionalProperties": {"type": "string"},
              "description": "For a value several provinces may be meant by: what it names in each choice "
                             "that has a place so called (“Bến Tre”: “huyện Châu Thành”); absent otherwise."},
}

ERROR: dict[str, Schema] = {
    "error": string("What went wrong, in Vietnamese."),
    "status": integer("The HTTP status code."),
}

NOT_FOUND: dict[str, Schema] = {
    **ERROR,
    "id": string("The article id that was asked for (unknown articles only)."),
}


def _facets(item: str, description: str) -> Schema:
    return closed({name: array(ref(item), doc) for name, doc in facet_docs().items()}, description)


def schemas() -> dict[str, Schema]:
    """The named objects (``components/schemas``)."""
    return {
        "SearchResult": closed(SEARCH_RESULT, "A page of results with facet counts."),
        "Hit": closed(HIT, "One matching article."),
        "Filters": closed({name: array({"type": "string"}, f"Canonical {name} filter values (“ben tre” → “Bến Tre”).")
                           for name in facet_docs()}, "The filters applied, in canonical form."),
        "SearchFacets": _facets("SearchFacetValue", "Facet counts of the results."),
        "SearchFacetValue": closed(SEARCH_FACET_VALUE, "One facet value of a search, with the URL that toggles it."),
        "Facets": _facets("FacetValue", "Facet counts of the whole index."),
        "FacetValue": closed(FACET_VALUE, "One facet value and its count."),
        "Article": closed(ARTICLE, "One stored article.", optional=ARTICLE_OPTIONAL),
        "Stats": closed(STATS, "The number of articles, every facet value's count, and which extraction "
                               "rules built the index."),
        "Completions": closed(COMPLETIONS, "What the search box offers while a query is typed."),
        "Completion": closed(COMPLETION, "One query offered."),
        "ParameterError": closed(PARAMETER_ERROR, "A bad parameter, named, with the nearest valid values.",
                                 optional=("notes",)),
        "NotFound": closed(NOT_FOUND, "Nothing at this address.", optional=("id",)),
        "Error": closed(ERROR, "Any other error."),
    }


# --- parameters ----------------------------------------------------------------------------

def _repeated(name: str, description: str, examples: list[str], known: list[str] | None = None) -> Schema:
    """A filter parameter that may repeat; ``known`` lists canonical values (others are matched
    leniently, so any text is allowed: an unknown one is a 400 naming the nearest)."""
    item: Schema = {"type": "string", "maxLength": MAX_FACET_VALUE_CHARS}
    if known:
        item = {"anyOf": [{"type": "string", "enum": known}, item]}
    return {
        "name": name, "in": "query", "required": False, "style": "form", "explode": True,
        "description": description + " Repeat for several (OR within a facet, AND across facets).",
        "schema": {"type": "array", "items": item},
        "example": examples,
    }


#: The forms a date bound takes (a form that names no real day, 2023-02-30, is a 400).
_DATE_TIME = (r"(([T ]\d{1,2}(:\d{2}(:\d{2}(\.\d+)?)?)?|(\s+[-–|]\s+|,\s*)\d{1,2}:\d{2}(:\d{2})?)"
              r"( ?([AaPp][Mm]|SA|CH|sa|ch))?"
              r" ?(Z|[+-]\d{2}(:?\d{2})?)?(\[[^\]]+\]| ?\(GMT ?[+-]\d{1,2}(:?\d{2})?\)| ?(GMT|UTC)( ?[+-]\d{1,2}(:?\d{2})?)?)?)?")
DATE_PATTERN = (r"^(\d{4}(-\d{1,2}(-\d{1,2}" + _DATE_TIME + r")?|/\d{1,2}(/\d{1,2}" + _DATE_TIME
                + r")?|\.\d{1,2}(\.\d{1,2}" + _DATE_TIME + r")?)?|\d{8}" + _DATE_TIME
                + r"|(\d{1,2}/\d{1,2}/\d{4}|\d{1,2}-\d{1,2}-\d{4}|\d{1,2}\.\d{1,2}\.\d{4})" + _DATE_TIME
                + r"|\d{1,2}/\d{4})?$")


Q_PARAMETER: Schema = {
    "name": "q", "in": "query", "required": False,
    "description": ("Query text, with or without diacritics: words (all must match), \"quoted phrase\", "
                    "a OR b, -excluded. Empty: everything that passes the filters, newest first."),
    "schema": {"type": "string", "maxLength": MAX_QUERY_CHARS},
    "example": "dien gio",
}

def _facet_parameter(definition: FacetDef) -> Schema:
    return _repeated(definition.name, definition.api_param, [definition.api_example],
                     definition.api_values() if definition.api_values else None)


#: The parameters of /api/search after the facets', in the order of its URLs. One line per parameter.
OTHER_SEARCH_PARAMETERS: list[Schema] = [
    {"name": "sort", "in": "query", "required": False, "allowEmptyValue": True,
     "description": "relevance, or date (newest first). Empty: the default.",
     "schema": {"type": "string", "enum": list(SORTS), "default": "relevance"}},
    {"name": "page", "in": "query", "required": False, "allowEmptyValue": True,
     "description": "Page number. Empty: the default.",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
    {"name": "limit", "in": "query", "required": False, "allowEmptyValue": True,
     "description": "Hits per page. Empty: the default.",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_API_LIMIT, "default": PAGE_SIZE}},
    {"name": "literal", "in": "query", "required": False, "allowEmptyValue": True,
     "description": "1: search the words exactly as typed (no diacritics restored for words typed without them, "
                    "no abbreviation spelled out, no synonym).",
     "schema": {"type": "string", "enum": ["", "0", "1", "true", "false"], "default": ""}},
    {"name": "facet_size", "in": "query", "required": False, "allowEmptyValue": True,
     "description": "Values listed per facet: those with most articles, in the facet's order (selected values "
                    "always listed; facets_more counts the rest); max for every value. Empty: the default.",
     "schema": {"oneOf": [{"type": "integer", "minimum": 1, "maximum": MAX_FACET_SIZE},
                          {"type": "string", "enum": ["max"]}], "default": MAX_FACET_VALUES}},
    {"name": "from", "in": "query", "required": False, "allowEmptyValue": True,
     "description": "First day of a date range, inclusive: YYYY, YYYY-MM, YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, or day first, "
                    "DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY, MM/YYYY (a year or month stands for its first day; "
                    "a time after a day with its zone, `2021-12-31T20:00:00Z`, is the day it was in Viet Nam, "
                    "UTC+7; without one, the day as written). Undated articles are outside every range.",
     "schema": {"type": "string", "maxLength": 40, "pattern": DATE_PATTERN}, "example": "2023"},
    {"name": "to", "in": "query", "required": False, "allowEmptyValue": True,
     "description": "Last day of a date range, inclusive, in the same forms as from (a year or month stands "
                    "for its last day).",
     "schema": {"type": "string", "maxLength": 40, "pattern": DATE_PATTERN}, "example": "2023-06"},
]



def search_parameters() -> list[Schema]:
    """The parameters of /api/search, in the order of its URLs: q, the facets, the rest."""
    return [Q_PARAMETER, *(_facet_parameter(f) for f in facets()), *OTHER_SEARCH_PARAMETERS]


COMPLETE_PARAMETERS: list[Schema] = [
    {**Q_PARAMETER, "description": "The query as typed so far, with or without diacritics; its last word may "
                                   "be unfinished.", "example": "thuong mai d"},
    {"name": "limit", "in": "query", "required": False, "allowEmptyValue": True,
     "description": "Most completions offered.",
     "schema": {"type": "integer", "minimum": 1, "maximum": 20, "default": 8}, "example": 8},
]

ARTICLE_PARAMETERS: list[Schema] = [
    {"name": "article_id", "in": "path", "required": True,
     "description": "The article's id (a hit's id). It may contain “/”.",
     "schema": {"type": "string", "minLength": 1}, "example": EXAMPLE_ID},
    {**Q_PARAMETER, "description": "A query whose matches are highlighted in title_html and body_html, "
                                   "read as /api/search reads it."},
    {"name": "literal", "in": "query", "required": False, "allowEmptyValue": True,
     "description": "1: highlight the words of q exactly as typed, as a literal search matches them.",
     "schema": {"type": "string", "enum": ["", "0", "1", "true", "false"], "default": ""}},
]


# --- responses and operations --------------------------------------------------------------

def _json(schema_name: str, description: str, examples: dict[str, dict] | None = None) -> Schema:
    content: Schema = {"schema": ref(schema_name)}
    if examples:
        content["examples"] = examples
    return {"description": description, "content": {"application/json": content}}


def _unknown_parameter_example() -> tuple[str, dict]:
    """A parameter /api/search does not take, answered with those it does: the facets'
    as declared when the description is built."""
    from werkzeug.datastructures import MultiDict

    from ctsearch.query import QueryError
    try:
        check_parameters(MultiDict([("provinces", "ben tre")]), API_SEARCH_SINGLE, FACETS)
    except QueryError as exc:
        return "/api/search?provinces=ben+tre", exc.to_dict()
    raise AssertionError("provinces is taken")


def _error_example(name: str) -> dict:
    url, value = _unknown_parameter_example() if name == "unknown_parameter" else ERROR_EXAMPLES[name]
    return {"summary": f"GET {url}", "value": value}


def responses() -> dict[str, Schema]:
    """The shared error answers (``components/responses``)."""
    return {
        "ParameterError": _json("ParameterError", "A bad parameter.", {
            name: _error_example(name) for name in ("unknown_province", "limit_out_of_range", "unknown_sort",
                                                    "unknown_parameter")}),
        "NotFound": _json("NotFound", "No article with this id (or no such route).", {
            name: _error_example(name) for name in ("unknown_article", "unknown_route")}),
        "MethodNotAllowed": _json("Error", "Every /api/ route answers GET (and HEAD) only; any other method gets 405."),
        "Unavailable": _json("Error", "The index is missing or unreadable; the message says how to build it."),
    }


def _ref_response(name: str) -> Schema:
    return {"$ref": f"#/components/responses/{name}"}


def paths() -> dict[str, Schema]:
    """Every /api/ route, keyed as OpenAPI writes paths."""
    return {
        "/api/search": {"get": {
            "operationId": "search",
            "summary": "Tìm kiếm",
            "description": ("The query function's result: a page of hits, facet counts (each facet's counts "
                            "ignore that facet's own filter) with the URL that toggles each value, and a "
                            "spelling suggestion."),
            "parameters": search_parameters(),
            "responses": {
                "200": _json("SearchResult", "A page of results.", {
                    "dien_gio": {"summary": f"GET {SEARCH_EXAMPLE_URL}", "value": SEARCH_EXAMPLE}}),
                "400": _ref_response("ParameterError"),
                "503": _ref_response("Unavailable"),
            },
        }},
        "/api/articles/{article_id}": {"get": {
            "operationId": "article",
            "summary": "Một bài",
            "description": "One stored article; with q, title_html and body_html show the matches.",
            "parameters": ARTICLE_PARAMETERS,
            "responses": {
                "200": _json("Article", "The article.", {
                    "highlighted": {"summary": f"GET {ARTICLE_EXAMPLE_URL}", "value": ARTICLE_EXAMPLE}}),
                "400": _ref_response("ParameterError"),
                "404": _ref_response("NotFound"),
                "503": _ref_response("Unavailable"),
            },
        }},
        "/api/complete": {"get": {
            "operationId": "complete",
            "summary": "Gợi ý khi gõ",
            "description": ("What the search box offers under a query being typed: the words typed before the "
                            "last read as a search reads them (with their marks), the last finished as the "
                            "articles finish it; after a space, the next word. From the index's own words, "
                            "the trade's terms and the places."),
            "parameters": COMPLETE_PARAMETERS,
            "responses": {
                "200": _json("Completions", "The queries offered.", {
                    "san_pham": {"summary": f"GET {COMPLETE_EXAMPLE_URL}", "value": COMPLETE_EXAMPLE}}),
                "400": _ref_response("ParameterError"),
                "503": _ref_response("Unavailable"),
            },
        }},
        "/api/stats": {"get": {
            "operationId": "stats",
            "summary": "Thống kê",
            "description": "The number of articles and every facet value's count.",
            "responses": {
                "200": _json("Stats", "Counts of the whole index.", {
                    "seeds": {"summary": f"GET {STATS_EXAMPLE_URL}", "value": STATS_EXAMPLE}}),
                "400": _ref_response("ParameterError"),
                "503": _ref_response("Unavailable"),
            },
        }},
        "/api/openapi.json": {"get": {
            "operationId": "openapi",
            "summary": "Mô tả API (OpenAPI)",
            "description": "This description, OpenAPI 3.1.",
            "responses": {"200": {"description": "The OpenAPI document.", "content": {
                "application/json": {"schema": {"type": "object", "required": ["openapi", "paths"]}}}}},
        }},
    }


@lru_cache(maxsize=2)
def _build(_facets: tuple[FacetDef, ...]) -> dict:
    """The document for one set of facet declarations (built once per set)."""
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "ctsearch – API JSON tìm kiếm tin ngành Công Thương",
            "version": API_VERSION,
            "description": (
                "Search Vietnamese industry-and-trade news: the same query function as the search page "
                "and `ctsearch query`. Every answer is JSON. A bad parameter is a 400 naming it "
                "(`param`, `value`, nearest valid values in `choices`); a control or format character in a "
                "parameter is read as it looks (a tab or a zero-width space as a space, a NUL or a direction "
                "mark as nothing) and never echoed. An unknown article or route 404, "
                "a method other than GET 405, a missing index 503, each `{\"error\", \"status\"}`. "
                "Text in answers is NFC; `snippet`, `title_html` and `body_html` are HTML whose only "
                "markup is `<mark>`."),
        },
        "paths": paths(),
        "components": {"schemas": schemas(), "responses": responses()},
    }


def openapi_spec() -> dict:
    """The whole OpenAPI document (a fresh copy: callers may change it)."""
    return copy.deepcopy(_build(facets()))


def __getattr__(name: str):
    """``FACET_DOCS`` and ``SEARCH_PARAMETERS`` as values, built from the facets declared now."""
    if name == "FACET_DOCS":
        return facet_docs()
    if name == "SEARCH_PARAMETERS":
        return search_parameters()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

