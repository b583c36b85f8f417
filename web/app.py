"""The Flask application factory.

One :class:`~search.query.SearchEngine` per application, created here and shared by
every request and thread: opening a Whoosh index and reading its facet columns is the
expensive part, and the engine refreshes itself when the index changes on disk.

Cross-cutting concerns live here too: security headers on every response, compression
(HTML, JSON, CSS, JS, CSV and feeds shrink four- to tenfold), long-lived caching of
static files whose URLs carry their content hash, and error handlers that answer JSON
under ``/api/`` and a friendly Vietnamese page elsewhere, never a traceback.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from urllib.parse import unquote_to_bytes
from typing import Any

from flask import Flask, Request, Response, current_app, jsonify, render_template, request, url_for
from flask_compress import Compress
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.utils import cached_property

from ctsearch.index import IndexError_, default_index_dir
from ctsearch.backend import open_backend
from ctsearch.query import RESULT_CACHE_SIZE, QueryError, SearchEngine
from ctsearch.suggest import attach_suggester
from ctsearch.textnorm import nfc, without_controls

from .present import date_field, format_count, format_date, format_percent
from .state import FACETS, MAX_DATE_CHARS, MAX_FACET_VALUE_CHARS, MAX_QUERY_CHARS, SearchState

log = logging.getLogger(__name__)

ENGINE_KEY = "ctsearch_engine"

#: Nothing from elsewhere, no inline script or style: an injected tag cannot run.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

#: Vietnamese wording of the HTTP errors a user can meet.
ERROR_TEXT = {
    400: ("Yêu cầu không hợp lệ", "Địa chỉ trang có tham số không hợp lệ."),
    404: ("Không tìm thấy trang", "Trang bạn tìm không tồn tại hoặc đã bị xoá."),
    405: ("Phương thức không được hỗ trợ", "Trang này chỉ nhận yêu cầu GET."),
    500: ("Đã xảy ra lỗi", "Máy chủ gặp lỗi khi xử lý yêu cầu. Vui lòng thử lại sau."),
    503: ("Chưa sẵn sàng", "Chỉ mục tìm kiếm chưa sẵn sàng."),
}


def get_engine() -> SearchEngine:
    """The application's shared engine."""
    return current_app.extensions[ENGINE_KEY]


def wants_json() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


#: Files rather than pages: a spreadsheet or a feed reader shows an error as text.
EXPORT_SUFFIXES = (".csv", ".atom")


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def error_response(status: int, message: str | None = None, *, title: str | None = None,
                   **extra: Any) -> Response:
    """JSON under /api/, plain text for an export, a friendly HTML page elsewhere.

    A message may quote the address (an article id: "/article/a%00b"), which no parameter
    cleaning reaches: it is shown as it reads, never with a NUL or a direction mark in it."""
    default_title, default = ERROR_TEXT.get(status, ERROR_TEXT[500])
    title = title or default_title
    text = without_controls(message or default)
    extra = {name: without_controls(value) if isinstance(value, str) else value for name, value in extra.items()}
    if wants_json():
        resp = jsonify({"error": text, "status": status, **extra})
    elif request.path.endswith(EXPORT_SUFFIXES):
        resp = current_app.response_class(f"{title}: {text}\n", mimetype="text/plain")
    else:
        resp = current_app.make_response(render_template("error.html", title=title, message=text, status=status))
    resp.status_code = status
    return resp


class _RefusedCodingsDropped:
    """WSGI middleware: the codings a client refuses (``gzip;q=0``, ``br;q=0.0``) taken out
    of its Accept-Encoding, which Flask-Compress reads as a choice (it answered gzip, even
    Brotli, to a client that said it takes neither)."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        accept = environ.get("HTTP_ACCEPT_ENCODING")
        if accept and "q=" in accept:
            environ["HTTP_ACCEPT_ENCODING"] = accepted_codings(accept)
        return self.wsgi_app(environ, start_response)


#: The codings "*" may stand for (what Flask-Compress can answer with).
CODINGS = ("br", "gzip", "deflate", "zstd")


def accepted_codings(header: str) -> str:
    """An Accept-Encoding value without the codings of quality 0 ("" when none is left),
    each kept one written ``coding;q=N`` (Flask-Compress reads no other spacing); a "*"
    beside a coding refused stands for the others only ("zstd;q=0, *" is no zstd)."""
    kept, refused = [], set()
    for part in header.split(","):
        coding, _, params = part.partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = 0.0       # unreadable: not a coding asked for
        if coding.strip() and quality > 0:
            kept.append((coding.strip().lower(), quality))
        elif coding.strip():
            refused.add(coding.strip().lower())
    if refused:
        named = {c for c, _q in kept}
        kept = [(c, q) for any_coding, q in kept
                for c in ((any_coding,) if any_coding != "*" else
                          tuple(x for x in CODINGS if x not in refused and x not in named))]
    return ", ".join(f"{c};q={q:g}" for c, q in kept)


#: Responses worth compressing; images other than SVG already are.
COMPRESS_MIMETYPES = ["text/html", "text/css", "text/csv", "text/javascript", "application/javascript",
                      "application/json", "application/atom+xml", "image/svg+xml"]
#: Static files are asked for with ``?v=<content hash>``: such a URL never changes content.
STATIC_CACHE = "public, max-age=31536000, immutable"


def _static_version(app: Flask) -> str:
    """A hash of the static files' contents: it changes whenever one of them does (and
    only then), so browsers may keep them for a year and never keep a stale one."""
    folder = Path(app.static_folder or "")
    digest = hashlib.sha256()
    try:
        for path in sorted(folder.iterdir()):
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
    except OSError:
        return "0"
    return digest.hexdigest()[:12]


class ParameterRequest(Request):
    """A request whose URL parameters are read as they look: the one place every parameter
    (q, the filters, the dates, page, limit, sort…) of every route enters.

    A control or format character in a value (``province=Bến%00Tre``, a tab, a zero-width
    space, a direction mark) is invisible to the person who sent it; read as
    :func:`ctsearch.textnorm.without_controls` reads it (a space where it looks like one,
    else nothing), as the command line's values are, a value means what it shows, and
    nothing invisible is echoed into a page, a feed, a CSV file or a JSON answer. Spaces
    are kept, so lengths still count the spaces sent."""

    @cached_property
    def args(self) -> ImmutableMultiDict[str, str]:
        parsed = Request.args.fget(self)     # Werkzeug's own parsing, not yet cached
        return ImmutableMultiDict([(name, _as_seen(name, value)) for name, value in parsed.items(multi=True)])


#: Parameters whose value has a form (a date, a number, a name of a sort order).
_FORMED = frozenset({"from", "to", "page", "limit", "sort"})


#: The longest value each parameter takes, as sent (the API's description says so).
_LONGEST = {"q": MAX_QUERY_CHARS, "from": MAX_DATE_CHARS, "to": MAX_DATE_CHARS,
            **{name: MAX_FACET_VALUE_CHARS for name in FACETS}}


def _as_seen(name: str, value: str) -> str:
    """A parameter's value as it looks. For one with a form, a value made of invisible
    characters alone ("from=%84") is not the empty value that means "not given": it reads
    as the replacement character and is refused, as the API's description says of a value
    without its form; the query and the filters read as nothing, as they look. A value
    longer than its parameter takes is left as it came, to be refused for its length (500
    NULs are no empty query). Lengths count the shorter of the text as sent and its composed
    form (NFC): a paragraph pasted with its marks as separate characters (NFD) is as long as
    it looks."""
    longest = _LONGEST.get(name)
    composed = nfc(value)
    shorter = composed if len(composed) <= len(value) else value
    if longest is not None and len(shorter) > longest:
        return shorter
    value = composed if longest is None or len(composed) <= longest else value
    seen = without_controls(value)
    if name in _FORMED and value.strip() and not seen.strip():
        return "\ufffd"
    return seen


def _result_cache_size(config) -> int:
    """``RESULT_CACHE`` or ``$CTSEARCH_RESULT_CACHE``: searches remembered per process
    (0 turns the cache off)."""
    raw = config.get("RESULT_CACHE", os.environ.get("CTSEARCH_RESULT_CACHE", ""))
    try:
        return max(0, int(raw))
    except (TypeError, ValueError):
        return RESULT_CACHE_SIZE


def trusted_proxies(config) -> int:
    """The number of trusted reverse proxies (``PROXIES``, ``$CTSEARCH_PROXIES``); 0 when unset.
    A proxy's headers are believed only when said: anyone could send them."""
    raw = config.get("PROXIES", os.environ.get("CTSEARCH_PROXIES", "")) or 0
    if not str(raw).strip().isdigit():
        raise ValueError(f"CTSEARCH_PROXIES phải là số nguyên ≥ 0, không phải “{raw}”")
    return int(raw)


def create_app(config: dict | None = None) -> Flask:
    """Build the web application over the index in ``config["INDEX_DIR"]``.

    Config keys: ``INDEX_DIR`` (default: ``$CTSEARCH_INDEX`` or ``./index``); ``BACKEND``
    (``whoosh`` or ``opensearch``, default ``$CTSEARCH_BACKEND`` or whoosh) with
    ``OPENSEARCH_URL`` and ``OPENSEARCH_INDEX``; ``PROXIES`` (default ``$CTSEARCH_PROXIES``
    or 0): how many reverse proxies stand in front, whose ``X-Forwarded-Proto``, ``-Host``,
    ``-Port`` and ``-For`` are then believed, so that the feed's and the CSV's links are
    the address people use, not the internal one; plus any Flask setting (``TESTING``…).
    """
    app = Flask(__name__)
    app.request_class = ParameterRequest
    app.config["INDEX_DIR"] = default_index_dir()
    if config:
        app.config.update(config)
    proxies = trusted_proxies(app.config)
    if proxies:
        # (not X-Forwarded-Prefix: the pages' links and the page script's API calls are from
        # the site's root, so it is served at the root of its address)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies)
    app.json.ensure_ascii = False     # Vietnamese stays readable in JSON
    app.json.sort_keys = False        # keys in the documented order
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESS_MIMETYPES)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    Compress(app)
    app.wsgi_app = _RefusedCodingsDropped(app.wsgi_app)

    engine = SearchEngine(backend=open_backend(
        os.fspath(app.config["INDEX_DIR"]), app.config.get("BACKEND"),
        app.config.get("OPENSEARCH_URL"), app.config.get("OPENSEARCH_INDEX")))
    attach_suggester(engine)
    engine.result_cache_size = _result_cache_size(app.config)
    app.extensions[ENGINE_KEY] = engine

    from .api import bp as api_bp
    from .exports import bp as exports_bp
    from .views import bp as views_bp
    app.register_blueprint(views_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(exports_bp)

    version = _static_version(app)

    @app.context_processor
    def _helpers() -> dict:
        # ``state`` is a default for pages without a search (error pages): the header's
        # search box reads it. Values passed to render_template take precedence.
        return {"static_url": lambda name: url_for("static", filename=name, v=version),
                "state": SearchState(), "default_facet_size": SearchState().facet_size}

    app.add_template_filter(format_date, "vndate")
    app.add_template_filter(format_count, "vncount")
    app.add_template_filter(format_percent, "vnpercent")
    app.add_template_filter(date_field, "datefield")

    @app.after_request
    def _security_headers(resp: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            resp.headers.setdefault(name, value)
        if wants_json():
            resp.headers.setdefault("Cache-Control", "no-store")
        elif request.endpoint == "static" and resp.status_code in (200, 304):
            # Only the current version's URL may be cached for long: an old page asking
            # for an old ?v= gets today's file, revalidated every time.
            resp.headers["Cache-Control"] = STATIC_CACHE if request.args.get("v") == version else "no-cache"
        return resp

    @app.before_request
    def _utf8_only():
        # Bytes that are no UTF-8 in the address ("?q=%FF") would be searched as the
        # text "%FF", or shown as "�": the parameter is named instead, as any bad one is.
        env = request.environ
        raw = env.get("RAW_URI") or env.get("REQUEST_URI")
        path = (unquote_to_bytes(raw.split("?", 1)[0]) if raw
                else env.get("PATH_INFO", "").encode("latin-1", "replace"))
        bad = None if _utf8(path) else "article_id" if request.path.startswith(("/api/articles/", "/article/")) \
            else "path"
        for pair in request.query_string.split(b"&") if bad is None else ():
            name, _, value = (unquote_to_bytes(x.replace(b"+", b" ")) for x in pair.partition(b"="))
            if not (_utf8(name) and _utf8(value)):
                bad = without_controls(name.decode("utf-8", "replace")) or "q"
                break
        if bad is not None:
            raise QueryError(bad, "có byte không phải UTF-8 (ví dụ “%FF”): hãy gõ lại, hoặc mở lại liên kết gốc")
        return None

    @app.errorhandler(QueryError)
    def _query_error(exc: QueryError):
        # Views catch their own QueryErrors to render them in context; this is the net.
        if wants_json():
            resp = jsonify(exc.to_dict())
            resp.status_code = 400
            return resp
        return error_response(400, f"Tham số “{exc.param}” không hợp lệ: {exc.message}")

    @app.errorhandler(IndexError_)
    def _index_error(exc: IndexError_):
        # (a cluster's message names its internal address and the commands to run: the
        # log keeps it, visitors read the one written for them)
        public = getattr(exc, "public", None)
        if public:
            log.warning("%s: %s", request.path, exc)
        return error_response(503, public or str(exc))

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        resp = error_response(exc.code or 500, None if exc.code in ERROR_TEXT else exc.description)
        # A 405 says which methods the route takes (RFC 9110 requires the Allow header).
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                resp.headers[name] = value
        return resp

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error on %s", request.path)
        return error_response(500)

    return app
