"""Weight of the HTML pages as sent: raw and compressed size, and render time.

Not a test: it prints figures (target: a results page ≤ 25 KB compressed on the whole
corpus). It renders pages through the Flask test client over an existing index, so no
server or network is involved; compression is the app's own (flask-compress).

    python bench/page_weight.py --index-dir /path/to/full-index
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

#: Pages people open most: home, common queries, filtered and deep pages, an empty result.
PAGES = [
    "/",
    "/search?q=%C4%91i%E1%BB%87n+gi%C3%B3",
    "/search?q=dien+gio",
    "/search?q=th%C6%B0%C6%A1ng+m%E1%BA%A1i+%C4%91i%E1%BB%87n+t%E1%BB%AD",
    "/search?q=gi%C3%A1+x%C4%83ng&sort=date",
    "/search?q=xu%E1%BA%A5t+kh%E1%BA%A9u&province=H%C3%A0+N%E1%BB%99i&province=H%E1%BB%93+Ch%C3%AD+Minh",
    "/search?q=&year=2021",
    "/search?q=%C4%91i%E1%BB%87n&page=40",
    "/search?q=zzzqqq+xyzw",
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index-dir", required=True)
    ap.add_argument("--repeat", type=int, default=5, help="timed renders per page (default 5)")
    args = ap.parse_args(argv)

    from ctsearch.web.app import create_app

    client = create_app({"INDEX_DIR": args.index_dir}).test_client()
    print(f"{'page':<70} {'raw KB':>7} {'gzip KB':>8} {'br KB':>6} {'ms p50':>7}")
    worst = 0.0
    for path in PAGES:
        raw = client.get(path)
        gz = client.get(path, headers={"Accept-Encoding": "gzip"})
        br = client.get(path, headers={"Accept-Encoding": "br"})
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            client.get(path, headers={"Accept-Encoding": "gzip"})
            times.append((time.perf_counter() - t) * 1000)
        assert gz.headers.get("Content-Encoding") == "gzip", path
        worst = max(worst, len(gz.data) / 1024)
        print(f"{path[:70]:<70} {len(raw.data) / 1024:>7.1f} {len(gz.data) / 1024:>8.1f} "
              f"{len(br.data) / 1024:>6.1f} {statistics.median(times):>7.1f}")
    print(f"largest compressed (gzip) page: {worst:.1f} KB (target ≤ 25 KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
