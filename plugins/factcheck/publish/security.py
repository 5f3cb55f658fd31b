"""The page's own protection: a Content-Security-Policy computed from the scripts each page really inlines.

GitHub Pages cannot send headers, so the policy travels as a ``<meta http-equiv>``
at the top of ``<head>``. Inline scripts (the theme's and ours) are allowed by
their SHA-256 hashes, computed per page at build time because they change with
every theme release and, for some, with the page's depth.
"""

from __future__ import annotations

import base64
import hashlib
import re

# The theme writes every <script> itself; none of them can contain "</script>" in its body.
SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
SOURCE = re.compile(r"\ssrc\s*=", re.IGNORECASE)
TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
# Script types a browser runs; others (application/json, application/ld+json) are data and need no hash.
EXECUTED_TYPES = {"", "text/javascript", "application/javascript", "module"}
HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)

BASE_POLICY = (
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'self'",
    "form-action 'none'",
    "object-src 'none'",
)
REFERRER_POLICY = "strict-origin-when-cross-origin"


def inline_script_hashes(page: str) -> list[str]:
    """CSP source expressions for every inline script the browser would run, in page order, once each."""
    hashes: list[str] = []
    for match in SCRIPT.finditer(page):
        attributes = match.group("attributes")
        if SOURCE.search(attributes):
            continue
        declared = TYPE.search(attributes)
        if (declared.group(1).lower() if declared else "") not in EXECUTED_TYPES:
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def content_security_policy(page: str, *, wasm: bool = False) -> str:
    """The policy for one page: the base policy, plus its own scripts and inline-script hashes."""
    script_sources = ["'self'", *inline_script_hashes(page)]
    if wasm:
        # A WebAssembly search index compiles in the page; this allows compiling wasm, not eval().
        script_sources.append("'wasm-unsafe-eval'")
    return "; ".join([BASE_POLICY[0], f"script-src {' '.join(script_sources)}", *BASE_POLICY[1:]])


def protect(page: str, *, wasm: bool = False) -> str:
    """``page`` with its policy and referrer policy as the first elements of ``<head>``."""
    head = HEAD.search(page)
    if head is None:
        return page
    meta = (
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(page, wasm=wasm)}">'
        f'<meta name="referrer" content="{REFERRER_POLICY}">'
    )
    return page[: head.end()] + meta + page[head.end() :]
