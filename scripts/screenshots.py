"""Screenshots of a built site for design reviews: the story, the facts index, a fact page and the methodology page.

    python scripts/screenshots.py SITE_DIR OUT_DIR PREFIX

Each page in four views (desktop 1366 px, phone 360 px, dark, no JavaScript), cropped to the first
screen so that every PNG stays small. Uses Debian's Chromium when there is one.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {"story": "", "index": "facts/", "fact": "facts/icc-spokesperson-exceptions/", "methodology": "methodology/"}
VIEWS = {
    "desktop": {"width": 1366, "height": 768, "scheme": "light", "js": True},
    "phone": {"width": 360, "height": 740, "scheme": "light", "js": True},
    "dark": {"width": 1366, "height": 768, "scheme": "dark", "js": True},
    "nojs": {"width": 1366, "height": 768, "scheme": "light", "js": False},
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main(site: Path, out: Path, prefix: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
            )
            for view, spec in VIEWS.items():
                context = browser.new_context(
                    viewport={"width": int(str(spec["width"])), "height": int(str(spec["height"]))},
                    color_scheme="dark" if spec["scheme"] == "dark" else "light",
                    java_script_enabled=bool(spec["js"]),
                )
                page = context.new_page()
                for name, path in PAGES.items():
                    page.goto(base + path, wait_until="networkidle")
                    page.screenshot(path=str(out / f"{prefix}-{name}-{view}.png"))
                context.close()
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
