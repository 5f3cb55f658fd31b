"""Benchmarks of the factcheck plugin against a plain Material site; writes BENCHMARKS.md.

    .venv/bin/python benchmarks/run.py [--sizes 100,1000,10000] [--repeat 3] [--skip-lighthouse]

Every build runs in a fresh measuring subprocess, so the peak RSS reported by
``getrusage(RUSAGE_CHILDREN)`` belongs to that one ``mkdocs build``. The machine is
shared: judge the ratios measured in one run, not the absolute seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = REPO / "benchmarks" / "out"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LIGHTHOUSE = REPO / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

TARGETS = {
    "ratio_1000": 1.10,
    "scaling": 11.0,
    "rss_ratio": 1.25,
    "flat": 1.15,
    "search_kb": 300,
    "index_kb": 250,
    "check_s": 1.0,
    "fact_page_extra_kb": 10.0,
    "perf": 95,
    "other": 100,
}


# -- measuring one command -----------------------------------------------------------------------------


def _measure_main(argv: list[str]) -> int:
    """Run ``argv`` as the only child of this process and print its wall time, CPU time and peak RSS."""
    start = time.perf_counter()
    completed = subprocess.run(argv, env=ENV, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
        "returncode": completed.returncode,
        "output": (completed.stdout + completed.stderr)[-4000:],
    }
    print(json.dumps(result))
    return 0


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float


def measure(argv: list[str], cwd: Path) -> Run:
    completed = subprocess.run(
        [sys.executable, __file__, "--_measure", "--", *argv],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    if result["returncode"] != 0:
        raise RuntimeError(f"{' '.join(argv)} failed in {cwd}:\n{result['output']}")
    return Run(result["wall"], result["cpu"], result["rss_mb"])


@dataclass
class Summary:
    runs: list[Run]

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def rss_mb(self) -> float:
        return max(r.rss_mb for r in self.runs)

    def as_dict(self) -> dict[str, Any]:
        return {"wall": self.wall, "cpu": self.cpu, "rss_mb": self.rss_mb, "runs": [asdict(r) for r in self.runs]}


def dir_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- synthetic builds ----------------------------------------------------------------------------------


@dataclass
class SizeResult:
    size: int
    repeat: int
    generate_s: float
    plugin: Summary
    baseline: Summary
    plugin_bytes: int
    plugin_files: int
    baseline_bytes: int
    baseline_files: int
    check: Summary | None = None
    reader: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if not isinstance(v, Summary)}
        data["plugin"] = self.plugin.as_dict()
        data["baseline"] = self.baseline.as_dict()
        data["check"] = self.check.as_dict() if self.check else None
        return data


def bench_size(size: int, repeat: int, annotations: int, workdir: Path, check: bool) -> SizeResult:
    root = workdir / str(size)
    start = time.perf_counter()
    plugin_dir, baseline_dir = synthetic.write_sites(root, size, annotations)
    generate_s = time.perf_counter() - start
    log(f"{size} facts: generated in {generate_s:.1f} s; building {repeat}x each")
    plugin_runs, baseline_runs = [], []
    for i in range(repeat):
        # Alternate the order so that a slow phase of the shared machine does not hit one side only.
        order = [("plugin", plugin_dir, plugin_runs), ("baseline", baseline_dir, baseline_runs)]
        for name, site_dir, runs in order if i % 2 == 0 else order[::-1]:
            out = site_dir / "site"
            shutil.rmtree(out, ignore_errors=True)
            run = measure([str(BIN / "mkdocs"), "build", "--strict", "--quiet", "--site-dir", str(out)], site_dir)
            runs.append(run)
            log(f"  {name:8} build {i + 1}: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU, {run.rss_mb:.0f} MB")
    plugin_bytes, plugin_files = dir_size(plugin_dir / "site")
    baseline_bytes, baseline_files = dir_size(baseline_dir / "site")
    result = SizeResult(
        size,
        repeat,
        generate_s,
        Summary(plugin_runs),
        Summary(baseline_runs),
        plugin_bytes,
        plugin_files,
        baseline_bytes,
        baseline_files,
    )
    if check:
        runs = [measure([str(BIN / "factcheck"), "check"], plugin_dir) for _ in range(max(repeat, 3))]
        result.check = Summary(runs)
        log(f"  factcheck check: {result.check.wall:.2f} s wall, {result.check.cpu:.2f} s CPU (median)")
    result.reader = reader_cost(plugin_dir / "site", synthetic.fact_id(0))
    log(f"  reader cost: {json.dumps(result.reader)}")
    for site_dir in (plugin_dir, baseline_dir):  # keep the disk usage of 10,000-fact runs in check
        shutil.rmtree(site_dir / "site", ignore_errors=True)
    return result


SEARCH_WORDS = "pipeline"


def file_sizes(path: Path) -> dict[str, int]:
    data = path.read_bytes() if path.is_file() else b""
    return {"raw": len(data), "gzip": len(gzip.compress(data, compresslevel=6)) if data else 0}


def search_payload(url: str) -> dict[str, Any]:
    """What a reader's first query downloads: open the page, wait, type, and add up what search fetched."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        requests: list[Any] = []
        page.on("request", functools.partial(_append, requests))
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(1000)
        before = len(requests)
        page.keyboard.press("/")
        page.keyboard.type(SEARCH_WORDS)
        page.wait_for_selector(".md-search-result__item", timeout=30000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        resources = []
        for request in requests[before:]:
            response = request.response()
            body = b""
            if response is not None:
                with contextlib.suppress(Exception):
                    body = response.body()
            resources.append((urlparse(request.url).path, len(body), len(gzip.compress(body, 6)) if body else 0))
        browser.close()
    return {
        "requests": len(resources),
        "raw_bytes": sum(r[1] for r in resources),
        "gzip_bytes": sum(r[2] for r in resources),
        "resources": resources,
    }


def reader_cost(site: Path, fact: str) -> dict[str, Any]:
    """Page weights of a synthetic site (everything a page loads, gzip), the first query, and file sizes."""
    pages = {"fact page": f"facts/{fact}/", "facts index": "facts/", "home": ""}
    with serve(site) as url:
        weights = page_weights([url + path for path in pages.values()])
        payload = search_payload(url + pages["fact page"])
    return {
        "pages": {name: w.gzip_bytes for name, w in zip(pages, weights, strict=True)},
        "foreign": sum(len(w.foreign) for w in weights),
        "search": payload,
        "files": {
            name: file_sizes(site / path)
            for name, path in {
                "facts/index.html": "facts/index.html",
                "facts/index.json": "facts/index.json",
                "feed.xml": "feed.xml",
                "sitemap.xml": "sitemap.xml",
                "search/search_index.json": "search/search_index.json",
            }.items()
        },
    }


# -- the real site ---------------------------------------------------------------------------------------


def build_real_site(target: Path, attempts: int = 3) -> None:
    """The repo's own site; others edit it meanwhile, so a failed build is retried."""
    for attempt in range(1, attempts + 1):
        completed = subprocess.run(
            [str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", str(target)],
            cwd=REPO,
            env=ENV,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode == 0:
            return
        log(f"real site build failed (attempt {attempt}): {completed.stderr.strip()[-500:]}")
        if attempt < attempts:
            time.sleep(30)
    raise RuntimeError("the real site does not build")


def write_real_baseline(root: Path) -> str:
    """A plain Material site with the real site's pages and records as ordinary Markdown; returns a fact id.

    Same theme options (palette, features, `font: false`), nav, editorial pages and search plugin as the
    real site, without the factcheck plugin, its theme overrides and its CSS and JavaScript.
    """
    sys.path.insert(0, str(REPO / "plugins"))
    from factcheck.config import settings_from_file
    from factcheck.records.loader import load_facts

    settings, _ = settings_from_file(REPO / "mkdocs.yml")
    fact_set = load_facts(settings.facts_dir, settings.scale, base_dir=REPO)
    records = {f.id: f.record.model_dump(mode="json") for f in fact_set.published()}
    synthetic.write_baseline_site(root, records, "")
    for page in (REPO / "content").rglob("*.md"):
        target = root / "content" / page.relative_to(REPO / "content")
        if target.exists():  # facts/index.md: the baseline's own list
            continue
        depth = len(page.relative_to(REPO / "content").parts) - 1
        text = re.sub(r"\]\(\s*fact:([a-z0-9-]+)\)", rf"]({'../' * depth}facts/\1.md)", page.read_text())
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=_IgnoreTags)  # noqa: S506 - SafeLoader subclass
    theme = {k: v for k, v in config["theme"].items() if k != "custom_dir"}
    theme["features"] = [f for f in theme.get("features", []) if f != "content.action.edit"]
    plain = {
        "site_name": config["site_name"],
        "site_url": "http://127.0.0.1:8000/",
        "docs_dir": "content",
        "site_dir": "site",
        "use_directory_urls": True,
        "theme": theme,
        "extra": {"generator": False},
        "markdown_extensions": config.get("markdown_extensions", []),
        "plugins": ["search"],
        "not_in_nav": "/facts/*.md\n",
        "nav": config.get("nav"),
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(plain, sort_keys=False, allow_unicode=True))
    return sorted(records)[0]


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml; `!ENV` and other MkDocs tags become None."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)
_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Compressing(_Quiet):
    """Like a static host such as GitHub Pages: gzip for text, and a short cache lifetime."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        import io

        return io.BytesIO(body)


@contextlib.contextmanager
def serve(directory: Path, compress: bool = False) -> Iterator[str]:
    handler = _Compressing if compress else _Quiet
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageWeight:
    url: str
    requests: int
    raw_bytes: int
    gzip_bytes: int
    foreign: list[str] = field(default_factory=list)
    resources: list[tuple[str, int, int]] = field(default_factory=list)


def _append(items: list[Any], item: Any) -> None:
    items.append(item)


def page_weights(urls: list[str]) -> list[PageWeight]:
    """Load each page in Chromium and add up every response body, gzipped one by one."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for url in urls:
            context = browser.new_context()
            requests: list[Any] = []
            context.on("request", functools.partial(_append, requests))
            page = context.new_page()
            page.goto(url, wait_until="networkidle")
            page.wait_for_timeout(1500)  # late requests: search index, sitemap for instant loading
            origin = urlparse(url).netloc
            weight = PageWeight(url, len(requests), 0, 0)
            counted: set[str] = set()
            for request in requests:
                parsed = urlparse(request.url)
                # Material asks for sitemap.xml twice per page load; Chromium answers the second from
                # its cache (0 bytes on the wire, as its DevTools protocol reports), so a URL counts once.
                if request.url in counted:
                    continue
                counted.add(request.url)
                if parsed.scheme in ("data", "blob"):
                    continue
                if parsed.netloc != origin:
                    weight.foreign.append(request.url)
                    continue
                response = request.response()
                body = b""
                if response is not None:
                    with contextlib.suppress(Exception):
                        body = response.body()
                packed = len(gzip.compress(body, compresslevel=6)) if body else 0
                weight.raw_bytes += len(body)
                weight.gzip_bytes += packed
                weight.resources.append((parsed.path, len(body), packed))
            context.close()
            results.append(weight)
        browser.close()
    return results


def lighthouse(url: str, output: Path, *, dark: bool = False) -> dict[str, Any]:
    # --force-dark-mode makes Chromium report prefers-color-scheme: dark, so the theme opens in its dark palette.
    flags = "--headless=new --no-sandbox --disable-gpu" + (" --force-dark-mode" if dark else "")
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        f"--chrome-flags={flags}",
    ]
    subprocess.run(command, env={**ENV, "CHROME_PATH": CHROMIUM}, check=True, capture_output=True, timeout=300)
    report = json.loads(output.read_text())
    scores = {key: round((cat["score"] or 0) * 100) for key, cat in report["categories"].items()}
    findings = []
    for key in ("accessibility", "best-practices", "seo", "performance"):
        for ref in report["categories"][key]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if audit.get("scoreDisplayMode") not in ("binary", "numeric", "metricSavings"):
                continue
            threshold = 0.9 if key == "performance" else 1
            if audit.get("score") is None or audit["score"] >= threshold:
                continue
            items = []
            details_items = (audit.get("details") or {}).get("items")
            for item in details_items[:8] if isinstance(details_items, list) else []:
                if not isinstance(item, dict):
                    continue
                node = item.get("node") or {}
                items.append(
                    {
                        "selector": node.get("selector") or item.get("url") or (item.get("source") or {}).get("url"),
                        "snippet": (node.get("snippet") or "")[:200],
                        "explanation": (node.get("explanation") or item.get("description") or "")[:300],
                    }
                )
            findings.append({"category": key, "id": ref["id"], "title": audit["title"], "items": items})
    metrics = {
        name: report["audits"][name]["displayValue"]
        for name in (
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
            "speed-index",
        )
        if name in report["audits"]
    }
    return {"url": url, "scores": scores, "metrics": metrics, "findings": findings}


def ensure_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        log("installing Lighthouse into benchmarks/node_modules (npm ci)")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=REPO / "benchmarks", check=True)


def bench_real_site(workdir: Path, skip_lighthouse: bool) -> dict[str, Any]:
    real = workdir / "real-site"
    log("building the real site (repo root mkdocs.yml)")
    build_real_site(real)
    baseline_root = workdir / "real-baseline"
    fact = write_real_baseline(baseline_root)
    subprocess.run(
        [str(BIN / "mkdocs"), "build", "--quiet"], cwd=baseline_root, env=ENV, check=True, capture_output=True
    )
    pages = {"home": "", "facts index": "facts/", "fact page": f"facts/{fact}/"}
    result: dict[str, Any] = {"fact": fact}
    with serve(real) as site_url, serve(baseline_root / "site") as baseline_url:
        log("page weights (Chromium)")
        weights = page_weights([site_url + path for path in pages.values()] + [baseline_url + pages["fact page"]])
        result["weights"] = {name: asdict(w) for name, w in zip([*pages, "baseline fact page"], weights, strict=True)}
    if not skip_lighthouse:
        ensure_lighthouse()
        # Served as GitHub Pages serves a site (gzip for text, a short cache lifetime), so that what is
        # measured is the theme's and ours, not http.server's.
        result["lighthouse"] = {}
        with serve(real, compress=True) as site_url, serve(baseline_root / "site", compress=True) as baseline_url:
            for name, url, dark in [
                *((n, site_url + p, False) for n, p in pages.items()),
                *((f"{n} (dark)", site_url + p, True) for n, p in pages.items()),
                ("baseline fact page", baseline_url + pages["fact page"], False),
            ]:
                log(f"Lighthouse: {name}")
                output = workdir / f"lighthouse-{re.sub(r'[^a-z]+', '-', name)}.json"
                result["lighthouse"][name] = lighthouse(url, output, dark=dark)
    return result


# -- the report ------------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError, IndexError, ValueError):
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        memory = f"{kb / 1024 / 1024:.1f} GiB"

    def version(package: str) -> str:
        from importlib.metadata import version as package_version

        return package_version(package)

    lighthouse_version = "not installed"
    with contextlib.suppress(Exception):
        lighthouse_version = json.loads((LIGHTHOUSE.parent.parent / "lighthouse" / "package.json").read_text())[
            "version"
        ]
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus (nproc)": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "load average at start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "pyyaml (libyaml)": f"{version('pyyaml')} ({'yes' if hasattr(__import__('yaml'), 'CSafeLoader') else 'no'})",
        "chromium": chromium,
        "lighthouse": lighthouse_version,
    }


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


def report(data: dict[str, Any], args: argparse.Namespace) -> str:  # noqa: PLR0915 - one long table writer
    sizes = {r["size"]: r for r in data["sizes"]}
    lines = [
        "# Benchmarks",
        "",
        f"Written by `benchmarks/run.py` (`make benchmark`) on {data['machine']['date']}; command: "
        f"`{data['command']}`. Raw figures: `benchmarks/out/results.json` (not committed).",
        "",
        "The machine is shared and noisy: wall-clock seconds vary from run to run, so the targets are judged on "
        "ratios measured in the same run. CPU time (user + system of the build process) is shown next to wall "
        "time because it is far less sensitive to other load on the machine.",
        "",
        "## Targets",
        "",
        "| target | measured | result |",
        "| --- | --- | --- |",
    ]
    if 1000 in sizes:
        r = sizes[1000]
        wall_ratio = r["plugin"]["wall"] / r["baseline"]["wall"]
        cpu_ratio = r["plugin"]["cpu"] / r["baseline"]["cpu"]
        ratio_ok = max(wall_ratio, cpu_ratio) <= TARGETS["ratio_1000"]
        lines.append(
            f"| plugin / baseline build time at 1,000 facts <= {TARGETS['ratio_1000']:.2f} | "
            f"{wall_ratio:.2f} wall, {cpu_ratio:.2f} CPU | {verdict(ratio_ok)} |"
        )
    if 1000 in sizes and 10000 in sizes:
        wall_scale = sizes[10000]["plugin"]["wall"] / sizes[1000]["plugin"]["wall"]
        cpu_scale = sizes[10000]["plugin"]["cpu"] / sizes[1000]["plugin"]["cpu"]
        lines.append(
            f"| plugin build t(10,000) / t(1,000) <= {TARGETS['scaling']:.0f} | {wall_scale:.1f} wall, "
            f"{cpu_scale:.1f} CPU | {verdict(max(wall_scale, cpu_scale) <= TARGETS['scaling'])} |"
        )
    if 10000 in sizes:
        r = sizes[10000]
        wall_ratio = r["plugin"]["wall"] / r["baseline"]["wall"]
        cpu_ratio = r["plugin"]["cpu"] / r["baseline"]["cpu"]
        lines.append(
            f"| plugin / baseline build time at 10,000 facts <= {TARGETS['ratio_1000']:.2f} | "
            f"{wall_ratio:.2f} wall, {cpu_ratio:.2f} CPU | "
            f"{verdict(max(wall_ratio, cpu_ratio) <= TARGETS['ratio_1000'])} |"
        )
        rss, base_rss = r["plugin"]["rss_mb"], r["baseline"]["rss_mb"]
        lines.append(
            f"| peak RSS at 10,000 facts <= {TARGETS['rss_ratio']:.2f}x the baseline | "
            f"{rss:.0f} MB vs {base_rss:.0f} MB "
            f"({rss / base_rss:.2f}x) | {verdict(rss <= TARGETS['rss_ratio'] * base_rss)} |"
        )
    readers = {size: r.get("reader") for size, r in sizes.items() if r.get("reader")}
    if 100 in readers:
        for name in ("fact page", "facts index", "home"):
            base = readers[100]["pages"][name]
            ratios = {size: rc["pages"][name] / base for size, rc in readers.items() if size > 100}
            if ratios:
                shown = ", ".join(f"{ratio:.2f}x at {size:,}" for size, ratio in ratios.items())
                lines.append(
                    f"| {name} weighs at most {TARGETS['flat']:.2f}x its weight at 100 facts | {shown} | "
                    f"{verdict(max(ratios.values()) <= TARGETS['flat'])} |"
                )
    if 10000 in readers:
        kb = readers[10000]["search"]["gzip_bytes"] / 1024
        lines.append(
            f"| first search query at 10,000 facts <= {TARGETS['search_kb']} KB | {kb:.0f} KB in "
            f"{readers[10000]['search']['requests']} requests | {verdict(kb <= TARGETS['search_kb'])} |"
        )
        kb = readers[10000]["pages"]["facts index"] / 1024
        lines.append(
            f"| facts index at 10,000 facts <= {TARGETS['index_kb']} KB gzip | {kb:.0f} KB | "
            f"{verdict(kb <= TARGETS['index_kb'])} |"
        )
    if 1000 in sizes and sizes[1000]["check"]:
        check = sizes[1000]["check"]
        lines.append(
            f"| `factcheck check` of 1,000 records: about 1 s | {check['wall']:.2f} s wall, {check['cpu']:.2f} s CPU | "
            f"{verdict(min(check['wall'], check['cpu']) <= 1.25)} |"
        )
    real = data.get("real")
    if real:
        weights = real["weights"]
        extra = (weights["fact page"]["gzip_bytes"] - weights["baseline fact page"]["gzip_bytes"]) / 1024
        lines.append(
            f"| fact page at most +10 KB gzip over a plain Material page | {extra:+.1f} KB | "
            f"{verdict(extra <= TARGETS['fact_page_extra_kb'])} |"
        )
        foreign = sum(len(w["foreign"]) for w in weights.values())
        lines.append(f"| no request to another host | {foreign} foreign requests | {verdict(foreign == 0)} |")
        for name, result in (real.get("lighthouse") or {}).items():
            if name.startswith("baseline"):
                continue
            scores = result["scores"]
            ok = scores["performance"] >= TARGETS["perf"] and all(
                scores[k] >= TARGETS["other"] for k in ("accessibility", "best-practices", "seo")
            )
            lines.append(
                f"| Lighthouse {name}: performance >= 95, others 100 | "
                f"{scores['performance']} / {scores['accessibility']} / {scores['best-practices']} / {scores['seo']} | "
                f"{verdict(ok)} |"
            )
    lines += [
        "",
        "## Builds of synthetic sites",
        "",
        "Each size gets synthetic records (explanations of 300-600 words of Markdown, 3-5 sources with quotes, "
        "1-3 topics, up to 4 related ids, corrections on about 15 %) and a home page with "
        f"{args.annotations} inline annotations `[text](fact:<id>)`. The baseline is a plain Material site with the "
        "same text as ordinary Markdown pages (one page per fact: claim, verdict, explanation, sources, "
        "corrections, related links; a Markdown list as the facts index; the home page with ordinary links). "
        "Both sites list only the home page and the facts index in the nav (fact pages are `not_in_nav`), use the "
        "search plugin, and are built with `mkdocs build --strict` in a fresh process; times are medians, "
        "RSS the maximum over the repeats.",
        "",
        "| facts | repeats | plugin wall | baseline wall | ratio | plugin CPU | baseline CPU | ratio "
        "| plugin RSS | baseline RSS | plugin output | baseline output |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, r in sizes.items():
        p, b = r["plugin"], r["baseline"]
        lines.append(
            f"| {size:,} | {r['repeat']} | {p['wall']:.1f} s | {b['wall']:.1f} s | {p['wall'] / b['wall']:.2f} "
            f"| {p['cpu']:.1f} s | {b['cpu']:.1f} s | {p['cpu'] / b['cpu']:.2f} "
            f"| {p['rss_mb']:.0f} MB | {b['rss_mb']:.0f} MB "
            f"| {r['plugin_bytes'] / 2**20:.1f} MB ({r['plugin_files']:,} files) "
            f"| {r['baseline_bytes'] / 2**20:.1f} MB ({r['baseline_files']:,} files) |"
        )
    if len(sizes) > 1:
        lines += ["", "Scaling of the plugin build (time relative to the previous size):", ""]
        previous = None
        for size, r in sizes.items():
            if previous:
                lines.append(
                    f"- {previous['size']:,} → {size:,} facts (×{size / previous['size']:.0f}): "
                    f"wall ×{r['plugin']['wall'] / previous['plugin']['wall']:.1f}, "
                    f"CPU ×{r['plugin']['cpu'] / previous['plugin']['cpu']:.1f}; baseline wall "
                    f"×{r['baseline']['wall'] / previous['baseline']['wall']:.1f}, "
                    f"CPU ×{r['baseline']['cpu'] / previous['baseline']['cpu']:.1f}"
                )
            previous = r
    if readers:
        lines += reader_table(readers)
    checks = [r for r in sizes.values() if r["check"]]
    if checks:
        lines += [
            "",
            "## `factcheck check`",
            "",
            "The editors' check of the same records (load, validate, cross-check), median of the repeats, "
            "Python start-up included.",
            "",
            "| records | wall | CPU | peak RSS |",
            "| ---: | ---: | ---: | ---: |",
        ]
        for r in checks:
            c = r["check"]
            lines.append(f"| {r['size']:,} | {c['wall']:.2f} s | {c['cpu']:.2f} s | {c['rss_mb']:.0f} MB |")
    if real:
        lines += [
            "",
            "## The real site in a browser",
            "",
            "The repo's site (`mkdocs.yml`), built into a temporary folder and served by `http.server` on 127.0.0.1, "
            "loaded in Debian's Chromium through Playwright. Every request is recorded; each response body is "
            "gzipped (level 6) on its own and the sizes added, since `http.server` does not compress. The "
            f"baseline page is the same fact (`{real['fact']}`) as an ordinary Markdown page of a plain Material "
            "site (same theme, `font: false`, search plugin).",
            "",
            "| page | requests | transferred (gzip) | uncompressed | requests to other hosts |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for name, w in real["weights"].items():
            lines.append(
                f"| {name} | {w['requests']} | {w['gzip_bytes'] / 1024:.1f} KB | {w['raw_bytes'] / 1024:.1f} KB "
                f"| {len(w['foreign'])} |"
            )
        fact_page = {path: gz for path, _, gz in real["weights"]["fact page"]["resources"]}
        baseline = {path: gz for path, _, gz in real["weights"]["baseline fact page"]["resources"]}
        lines += ["", "Resources of the fact page against the baseline page (gzip bytes):", ""]
        lines += ["| resource | fact page | baseline |", "| --- | ---: | ---: |"]
        for path in sorted(set(fact_page) | set(baseline), key=lambda p: -max(fact_page.get(p, 0), baseline.get(p, 0))):
            short = re.sub(r"/facts/[^/]+/$", "/facts/<id>/", path)
            lines.append(f"| `{short}` | {fact_page.get(path, 0):,} | {baseline.get(path, 0):,} |")
        if real.get("lighthouse"):
            lines += [
                "",
                "## Lighthouse",
                "",
                "Lighthouse (mobile defaults, simulated throttling) with `CHROME_PATH=/usr/bin/chromium` and "
                '`--chrome-flags="--headless=new --no-sandbox --disable-gpu"`, against the pages served from '
                "127.0.0.1 by a server that gzips text and sends `Cache-Control: max-age=600`, as GitHub Pages "
                'does; "(dark)" adds `--force-dark-mode`, under which the browser prefers a dark colour scheme and '
                "the site opens in its dark palette. The baseline is the same fact as a page of a plain Material site.",
                "",
                "| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            ]
            for name, result in real["lighthouse"].items():
                s, m = result["scores"], result["metrics"]
                lines.append(
                    f"| {name} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} "
                    f"| {m.get('first-contentful-paint', '')} | {m.get('largest-contentful-paint', '')} "
                    f"| {m.get('total-blocking-time', '')} | {m.get('cumulative-layout-shift', '')} |"
                )
            lines += [
                "",
                "Findings: every accessibility, best-practices and SEO audit that did not pass, with its elements; "
                "the performance audits scoring below 0.9 by id only.",
                "",
            ]
            runs = [(name, "", r) for name, r in real["lighthouse"].items()]
            for name, server, result in runs:
                other = [f for f in result["findings"] if f["category"] != "performance"]
                slow = [f["id"] for f in result["findings"] if f["category"] == "performance"]
                lines.append(
                    f"- {name}{server}: " + ("no accessibility, best-practices or SEO finding" if not other else "")
                )
                for finding in other:
                    lines.append(f"    - {finding['category']}: `{finding['id']}` ({finding['title']})")
                    for item in finding["items"]:
                        detail = f"`{item['selector']}`" if item["selector"] else ""
                        if item["snippet"]:
                            detail += f" `{item['snippet']}`"
                        if item["explanation"]:
                            detail += " — " + " ".join(item["explanation"].split())
                        lines.append(f"        - {detail.strip()}".replace("|", "\\|"))
                if slow:
                    lines.append(f"    - performance below 0.9: {', '.join(f'`{i}`' for i in slow)}")
                for finding in result["findings"]:
                    if finding["id"] == "layout-shifts":
                        for item in finding["items"]:
                            if item["selector"]:
                                lines.append(f"    - layout shift: `{item['selector']}`")
    notes = NOTES_FILE.read_text().strip() if NOTES_FILE.exists() else "(none)"
    lines += ["", "## Notes and profiling", "", notes, "", "## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in data["machine"].items()]
    return "\n".join(lines) + "\n"


NOTES_FILE = REPO / "benchmarks" / "NOTES.md"

# Issue 13's measurements, before search moved to Pagefind and the index was paginated (Material's search
# plugin, one index page of every fact, a feed of every fact).
BEFORE = {
    "one fact page, everything it loads": {100: "141 KB", 1000: "589 KB", 10000: "≈ 5 MB"},
    "the facts index": {100: "145 KB", 1000: "639 KB", 10000: "≈ 5 MB"},
    "the home page": {100: "156 KB", 1000: "616 KB", 10000: "≈ 5 MB"},
    "first search query": {
        100: "(loaded with the page)",
        1000: "(loaded with the page)",
        10000: "(loaded with the page)",
    },
    "`search/search_index.json` (raw / gzip)": {10000: "53 MB / 4.9 MB"},
    "`facts/index.html` (raw / gzip)": {10000: "7.7 MB / 507 KB"},
    "`feed.xml`": {1000: "600 KB", 10000: "6 MB"},
}


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 10 * 2**20 else f"{n / 2**20:,.1f} MB"


def reader_table(readers: dict[int, dict[str, Any]]) -> list[str]:
    sizes = sorted(readers)
    header = "| what a reader downloads | " + " | ".join(f"{s:,} facts" for s in sizes) + " |"
    rule = "| --- |" + " ---: |" * len(sizes)
    lines = [
        "",
        "## What a reader downloads, by archive size",
        "",
        "Synthetic sites of the plugin (the builds above), served from 127.0.0.1 and loaded in Chromium; every "
        "response is gzipped (level 6) and added up, as in the real-site table below. The first query opens "
        f"a fact page, waits for it to settle, presses `/` and types `{SEARCH_WORDS}`; it counts what search "
        "fetched. Before: the figures of issue 13 (Material's search plugin, one index page of every fact, "
        "a feed of every fact).",
        "",
        "Before:",
        "",
        header,
        rule,
    ]
    for name, values in BEFORE.items():
        lines.append(f"| {name} | " + " | ".join(values.get(s, "") for s in sizes) + " |")
    lines += ["", "After:", "", header, rule]

    def row(name: str, cell: Any) -> None:
        lines.append(f"| {name} | " + " | ".join(cell(readers[s]) for s in sizes) + " |")

    row("one fact page, everything it loads", lambda r: _kb(r["pages"]["fact page"]))
    row("the facts index (first page), everything it loads", lambda r: _kb(r["pages"]["facts index"]))
    row("the home page", lambda r: _kb(r["pages"]["home"]))
    row(
        "first search query (requests)",
        lambda r: f"{_kb(r['search']['gzip_bytes'])} ({r['search']['requests']})",
    )
    for name in ("facts/index.html", "facts/index.json", "search/search_index.json"):
        row(
            f"`{name}` (raw / gzip)",
            lambda r, n=name: (
                f"{_kb(r['files'][n]['raw'])} / {_kb(r['files'][n]['gzip'])}" if r["files"][n]["raw"] else "none"
            ),
        )
    row("`feed.xml`", lambda r: _kb(r["files"]["feed.xml"]["raw"]))
    row(
        "`sitemap.xml` (gzip; Material's instant navigation loads it)", lambda r: _kb(r["files"]["sitemap.xml"]["gzip"])
    )
    lines += [
        "",
        "`facts/index.json` holds every row of the index; the filters fetch it on first use, so it is not part "
        "of the index's page weight. Requests to other hosts from these pages: "
        + ", ".join(f"{r['foreign']} at {s:,}" for s, r in readers.items())
        + ".",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_measure"]:
        return _measure_main(argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated numbers of facts")
    parser.add_argument("--repeat", type=int, default=3, help="builds per site and size")
    parser.add_argument("--repeat-large", type=int, default=1, help="builds per site for sizes of 10,000 or more")
    parser.add_argument("--annotations", type=int, default=300, help="inline annotations on the home page")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--skip-real", action="store_true", help="skip the real site (page weights, Lighthouse)")
    parser.add_argument("--output", default=str(REPO / "BENCHMARKS.md"), help="report file ('-': print it)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--report-only", action="store_true", help="rewrite the report from benchmarks/out/results.json"
    )
    args = parser.parse_args(argv)
    if args.report_only:
        data = json.loads((OUT / "results.json").read_text())
        args.annotations = data.get("annotations", args.annotations)
        Path(args.output).write_text(report(data, args))
        return 0
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    data: dict[str, Any] = {
        "command": "benchmarks/run.py " + " ".join(argv),
        "annotations": args.annotations,
        "machine": machine(),
        "sizes": [],
    }
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    try:
        for size in sizes:
            repeat = args.repeat_large if size >= 10000 else args.repeat
            result = bench_size(size, repeat, args.annotations, workdir, check=size >= 1000)
            data["sizes"].append(result.as_dict())
            OUT.mkdir(parents=True, exist_ok=True)
            (OUT / "results.json").write_text(json.dumps(data, indent=2))  # partial results survive a crash
        if not args.skip_real:
            data["real"] = bench_real_site(workdir, args.skip_lighthouse)
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    data["duration_s"] = time.perf_counter() - started
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(data, indent=2))
    text = report(data, args)
    if args.output == "-":
        print(text)
    else:
        Path(args.output).write_text(text)
        log(f"wrote {args.output} ({data['duration_s'] / 60:.1f} min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
