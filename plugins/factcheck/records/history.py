"""Published records compared with an earlier git revision, so that no verdict changes silently.

``factcheck check --since REF`` reads each record as it was in REF (``git show REF:facts/<file>``, no
network) and holds every fact that was published there to the corrections policy: if its verdict, claim
or one-line verdict changed, it must carry a corrections entry dated after its previous update, and a
later ``updated`` date; if the verdict changed, that entry names the previous verdict. A published fact
that was removed, or taken back to draft or review, is reported too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .loader import RECORD_SUFFIXES, discover, display_path, load_record
from .model import Fact, FactSet
from .problems import Problem, shown
from .scale import RatingScale
from .yamlsource import read_document

# The fields readers take as the fact-check itself: a change to any of them is a correction or an update.
WATCHED_FIELDS = ("verdict", "claim", "verdict_summary")
GIT_TIMEOUT_SECONDS = 120


class RevisionError(Exception):
    """git could not read the revision: not a repository, an unknown revision, or no git at all."""


@dataclass(frozen=True)
class _Blob:
    path: str  # relative to the repository root, as git names it
    object_id: str


def _git(arguments: list[str], cwd: Path) -> bytes:
    try:
        result = subprocess.run(
            ["git", *arguments], cwd=cwd, capture_output=True, check=False, timeout=GIT_TIMEOUT_SECONDS
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise RevisionError(f"cannot run git: {error}") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise RevisionError(message[-1] if message else f"git {arguments[0]} failed")
    return result.stdout


def _object_id(raw: bytes, object_format: str) -> str:
    """The id git gives a file's content, to skip the records that did not change."""
    return hashlib.new(object_format, b"blob %d\0" % len(raw) + raw).hexdigest()


def _records_at(revision: str, facts_dir: Path, root: Path) -> dict[str, _Blob]:
    """The record files below ``facts_dir`` in ``revision``, by fact id."""
    try:
        prefix = facts_dir.resolve().relative_to(root).as_posix()
    except ValueError:
        raise RevisionError(f"the facts folder {facts_dir} is not in the git repository {root}") from None
    listing = _git(["ls-tree", "-r", "-z", revision, "--", prefix if prefix != "." else "."], root)
    found: dict[str, _Blob] = {}
    for entry in sorted(filter(None, listing.split(b"\0"))):
        meta, _, name = entry.decode("utf-8", errors="surrogateescape").partition("\t")
        kind, object_id = meta.split()[1:3]
        path = PurePosixPath(name)
        if kind == "blob" and path.suffix in RECORD_SUFFIXES and not path.name.startswith("."):
            found.setdefault(path.stem, _Blob(name, object_id))
    return found


def compare_with_revision(
    revision: str, fact_set: FactSet, facts_dir: Path, scale: RatingScale, base_dir: Path
) -> list[Problem]:
    """Problems with the published facts of ``revision`` as they are now. Raises RevisionError."""
    if revision.startswith("-"):
        raise RevisionError(f"{shown(revision)} is not a git revision")
    root = Path(_git(["rev-parse", "--show-toplevel"], facts_dir).decode().strip()).resolve()
    try:
        commit = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], root).decode().strip()
    except RevisionError:
        raise RevisionError(
            f"{shown(revision)} is not a commit of this repository (in a shallow clone, fetch it first)"
        ) from None
    object_format = _git(["rev-parse", "--show-object-format"], root).decode().strip() or "sha1"
    current = {path.stem: path for path in discover(facts_dir.resolve())}
    problems: list[Problem] = []
    for fact_id, blob in _records_at(commit, facts_dir, root).items():
        path = current.get(fact_id)
        raw = path.read_bytes() if path is not None else None
        if raw is not None and _object_id(raw, object_format) == blob.object_id:
            continue  # unchanged
        old_file = display_path(root / blob.path, base_dir)
        before, _ = load_record(_git(["show", f"{commit}:{blob.path}"], root), fact_id, old_file, scale)
        if before is None or not before.is_published:
            continue  # only what readers could see is held to the policy
        if path is None:
            problems.append(
                Problem(
                    old_file,
                    1,
                    1,
                    "",
                    f"the published fact '{fact_id}' was removed since {revision}: readers and other sites link to "
                    "it; restore the file, and correct the fact in its corrections log instead",
                )
            )
            continue
        after = fact_set.facts.get(fact_id)
        if after is None or raw is None:
            continue  # the record has errors of its own, reported by the check
        problems += _check_change(before, after, raw, revision)
    return problems


def _check_change(before: Fact, after: Fact, raw: bytes, revision: str) -> list[Problem]:
    document, _ = read_document(raw, after.file)

    def at(field_name: str, message: str) -> Problem:
        position = document.position_of((field_name,) if field_name in document.data else ()) if document else None
        line, column = (position.line, position.column) if position else (1, 1)
        return Problem(after.file, line, column, field_name, message)

    if not after.is_published:
        return [
            at(
                "status",
                f"was published in {revision}, now {after.record.status}: the page would disappear; keep it "
                "published and correct it in its corrections log",
            )
        ]
    changed = [name for name in WATCHED_FIELDS if getattr(before.record, name) != getattr(after.record, name)]
    if not changed:
        return []
    old, new = before.record, after.record
    previous: dt.date | None = old.updated or old.published
    after_previous = [c for c in new.corrections if previous is None or c.date > previous]
    what = ", ".join(f"{name} from {shown(getattr(old, name))} to {shown(getattr(new, name))}" for name in changed)
    since = f" after {previous}" if previous else ""
    problems = []
    if not after_previous:
        problems.append(
            at(
                changed[0],
                f"changed since {revision} ({what}) without a correction: add a corrections entry dated{since} "
                "that tells readers what changed and why",
            )
        )
    if previous is not None and (new.updated is None or new.updated <= previous):
        problems.append(at("updated", f"{', '.join(changed)} changed since {revision}: set updated to a date{since}"))
    if "verdict" in changed and after_previous and all(c.previous_verdict != old.verdict for c in after_previous):
        problems.append(
            at(
                "corrections",
                f"the verdict changed from '{old.verdict}' to '{new.verdict}' since {revision}: "
                f"add previous_verdict: {old.verdict} to the correction that changed it",
            )
        )
    return problems
