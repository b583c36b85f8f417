"""Which extraction rules an article's province, topics and year came from.

A version string: the extraction code's own number and a hash of the data files in
``search/data/`` (word lists, gazetteers, the models, the document vectors). The index records the
versions it was built with (``store.record_rules_version``), so that an index built by
other rules can say it needs a rebuild. Kept apart from :mod:`extract` so that
``ctsearch stats`` can tell without loading the rules.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

#: Bump when the extraction code changes what it extracts; the data files' contents
#: count automatically.
RULES_CODE = 31

_DATA_DIR = Path(__file__).with_name("data")


#: Data files that searching reads but extraction does not: editing them needs no rebuild.
_NOT_RULES = frozenset({"abbreviations.json", "regions.json", "longer_names.json", "topic_names.json"})


def rules_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in _DATA_DIR.iterdir() if p.suffix in (".json", ".npz") and p.name not in _NOT_RULES):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"{RULES_CODE}-{digest.hexdigest()[:10]}"


RULES_VERSION: str = rules_version()
