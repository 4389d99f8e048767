"""Sample inputs shared by the extraction tests: a news page, a PDF maker and article prose."""

from __future__ import annotations

PAGE_URL = "https://ledger.example.com/news/harbor-tram-vote?utm_source=feed"
CANONICAL = "https://ledger.example.com/news/2024/03/14/harbor-tram-vote"

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbor City approves waterfront tram | The Harbor Ledger</title>
<link rel="canonical" href="{CANONICAL}">
<meta property="og:title"
  content="Harbor City council approves waterfront tram after marathon session">
<meta property="og:site_name" content="The Harbor Ledger">
<meta name="author" content="Dana Whitfield">
<meta property="article:published_time" content="2024-03-14T21:05:00-05:00">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sports">Sports</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>
<div class="ad">Advertisement</div></header>
<main><article>
<h1>Harbor City council approves waterfront tram after marathon session</h1>
<p class="byline">By Dana Whitfield</p>
<figure><img src="/img/tram.jpg" alt="A tram on the waterfront">
<figcaption>A test tram runs along the waterfront. REUTERS/Jane Smith</figcaption></figure>
<p>Harbor City's council voted 7 to 4 early on Thursday to build a waterfront tram line,
ending a session that ran past midnight and drew more than 200 speakers.</p>
<p>The line will cost 410 million dollars and link the ferry terminal with the convention
centre and the university, according to the city's transport department.</p>
<div class="ad-slot"><p>Advertisement</p></div>
<p>Supporters said the tram would cut traffic on Harbor Avenue, while opponents warned that
construction would hurt small businesses along the route for at least two years.</p>
<p>A Reuters analysis of similar projects found that most came in over budget, a point
council member Ruth Okafor raised before the vote.</p>
<p>Construction is due to start next spring, and the first trams should carry passengers
in 2027.</p>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/a">Ferry fares to rise in June</a></li>
<li><a href="/b">Convention centre expansion delayed</a></li></ul></aside>
<p>Sign up for our newsletter</p>
<div class="share">Share this article</div>
</article></main>
<footer><p>© 2024 The Harbor Ledger. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body></html>"""

TRAM_LINES = [
    "Harbor City approves waterfront tram",
    "",
    "Harbor City's council voted 7 to 4 early on Thursday to build a water-",
    "front tram line, ending a session that ran past midnight and drew more",
    "than 200 speakers from across the city and the harbour districts.",
    "",
    "The line will cost 410 million dollars and link the ferry terminal with",
    "the convention centre and the university.",
    "2",
]


def make_pdf(*pages: list[str], title: str | None = None) -> bytes:
    """Write a PDF drawing each page's lines in Helvetica ("" leaves a line's space empty)."""

    def literal(text: str) -> bytes:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("cp1252") + b")"

    def content(lines: list[str]) -> bytes:
        ops = [b"BT", b"/F1 11 Tf", b"14 TL", b"72 740 Td"]
        ops += [literal(line) + b" Tj T*" if line else b"T*" for line in lines]
        stream = b"\n".join([*ops, b"ET"])
        return b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"

    # Objects: 1 catalog, 2 page tree, 3 font, then a page and its content stream per page.
    kids = b" ".join(b"%d 0 R" % (4 + 2 * n) for n in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for n, lines in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * n)
        )
        objects.append(content(lines))
    if title is not None:
        objects.append(b"<< /Title " + literal(title) + b" >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if title is not None:
        trailer += b" /Info %d 0 R" % len(objects)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def story(sentences: int = 6) -> str:
    """Return a few sentences of plausible article prose."""
    base = (
        "The regional council approved the new budget on Tuesday after a long debate. "
        "Officials said the plan would fund two new schools and repair the old bridge. "
    )
    return (base * sentences).strip()
