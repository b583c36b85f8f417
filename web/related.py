"""“Bài liên quan”: articles like the one being read, by Whoosh's more-like-this.

The key terms come from the article's title and the start of its body rather than
the whole text: analysing a long body with pyvi at every page view would cost more
than the rest of the page, and the opening paragraphs say what an article is about.
"""

from __future__ import annotations

from typing import Any

#: How much of the body feeds the key terms.
RELATED_TEXT_CHARS = 1500


def related_articles(engine, article_id: str, top: int = 5) -> list[dict[str, Any]]:
    """Up to ``top`` similar articles (id, title, date, province), never the article itself."""
    return engine.more_like(article_id, top=top, text_chars=RELATED_TEXT_CHARS)
