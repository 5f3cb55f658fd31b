"""Byte-stable Pagefind output: two builds of the same site write the same search files.

Pagefind 1.5 writes each filter's values in hash-map order, which changes from run to
run, and names the filter files (and the metadata that lists them) after their bytes.
This sorts every filter's values, renames the files after their new bytes, and rewrites
the names where the metadata and the entry file refer to them. The search itself is
unchanged: the script looks values up by name, not by position.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"  # the prefix of every Pagefind data file, before its CBOR body
FILTER_HASH_LENGTH = 7
META_HASH_LENGTH = 10
FILTERS_IN_META = 3  # position of the filter list in the metadata's top-level array


class CanonicalError(Exception):
    """The Pagefind output is not in the form this module knows."""


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise CanonicalError(f"{path.name} is not a Pagefind data file")
    return cbor2.loads(raw[len(SIGNATURE) :])


def _encode(data: Any) -> bytes:
    return SIGNATURE + cbor2.dumps(data)


def _write(path: Path, body: bytes) -> None:
    # mtime=0: the gzip header carries no date.
    path.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))


def _renamed(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, list):
        return [_renamed(item, names) for item in value]
    return value


def make_canonical(pagefind_dir: Path) -> None:
    """Rewrite ``pagefind_dir`` in place so that its bytes depend only on the site's content."""
    entry_file = pagefind_dir / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language in entry.get("languages", {}).values():
        names: dict[str, str] = {}
        prefix = language["hash"].split("_", 1)[0]
        for path in sorted((pagefind_dir / "filter").glob(f"{prefix}_*.pf_filter")):
            name, values = _read(path)
            if not isinstance(values, list):
                raise CanonicalError(f"{path.name}: expected a list of filter values")
            body = _encode([name, sorted(values, key=lambda value: str(value[0]))])
            stem = f"{prefix}_{hashlib.sha256(body).hexdigest()[:FILTER_HASH_LENGTH]}"
            path.unlink()
            _write(path.with_name(f"{stem}.pf_filter"), body)
            names[path.stem] = stem
        meta_path = pagefind_dir / f"pagefind.{language['hash']}.pf_meta"
        meta = _renamed(_read(meta_path), names)
        # The list of filters, [[name, file], ...], comes in hash-map order too.
        if len(meta) > FILTERS_IN_META and isinstance(meta[FILTERS_IN_META], list):
            meta[FILTERS_IN_META] = sorted(meta[FILTERS_IN_META], key=lambda pair: str(pair[0]))
        body = _encode(meta)
        meta_hash = f"{prefix}_{hashlib.sha256(body).hexdigest()[:META_HASH_LENGTH]}"
        meta_path.unlink()
        _write(pagefind_dir / f"pagefind.{meta_hash}.pf_meta", body)
        language["hash"] = meta_hash
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
