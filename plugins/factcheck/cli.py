"""The `factcheck` command for editors: check, new, schema, export."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .config import SettingsError, settings_from_file, site_settings, validate_options
from .publish.export import directory_urls, to_csv, to_json
from .publish.settings import Settings
from .records.history import RevisionError, compare_with_revision
from .records.loader import RECORD_SUFFIXES, display_path, load_facts
from .records.model import FactSet
from .records.problems import Severity, errors, notices, shown, warnings
from .records.schema import json_schema
from .records.schemadoc import field_reference, new_record_template
from .scaffold import NewSite, ScaffoldError, language_note, write_site

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A problem with the command line or configuration, reported without a traceback."""


def _settings(args: argparse.Namespace) -> Settings:
    """The site's settings, read from mkdocs.yml by the same option classes and builder as the build.

    Paths in mkdocs.yml are relative to its folder, as MkDocs reads them; paths shown to the editor are
    relative to where the command runs (display_path), so that terminals can open them.
    """
    config_file = Path(args.config)
    facts_dir = str(Path(args.facts_dir).resolve()) if args.facts_dir else None
    if not config_file.is_file():
        if args.config != "mkdocs.yml":
            raise UsageError(f"{config_file}: no such configuration file")
        # No mkdocs.yml here: the defaults, records in ./facts.
        config, _, _ = validate_options({"facts_dir": facts_dir or "facts"})
        return site_settings(config, base_dir=Path.cwd().resolve(), language=None)[0]
    try:
        settings, warnings_ = settings_from_file(config_file, facts_dir=facts_dir)
    except SettingsError as error:
        raise UsageError(str(error)) from None
    for warning in warnings_:
        print(warning, file=sys.stderr)
    return settings


def _load(settings: Settings) -> FactSet:
    return load_facts(settings.facts_dir, settings.scale, base_dir=Path.cwd(), topic_labels=settings.topic_labels)


def _refusal(path: Path, settings: Settings) -> str | None:
    """Why ``path`` cannot be checked as a record of the site, or None: the build would read it (or report it)."""
    if not path.exists():
        return "no such file"
    if path.is_dir():
        return "a folder: name record files, or give no path to check every record"
    if not path.resolve().is_relative_to(settings.facts_dir.resolve()):
        return f"outside the facts folder {display_path(settings.facts_dir, Path.cwd())}/: the build does not read it"
    if path.suffix.lower() not in RECORD_SUFFIXES:
        return "not a record file: records end in .yml or .yaml"
    return None


def command_check(args: argparse.Namespace) -> int:
    settings = _settings(args)
    fact_set = _load(settings)
    problems = fact_set.problems
    if args.since:
        try:
            changes = compare_with_revision(args.since, fact_set, settings.facts_dir, settings.scale, Path.cwd())
        except RevisionError as error:
            raise UsageError(f"--since {args.since}: {error}") from None
        problems = sorted([*problems, *changes])
    if args.paths:
        wanted = {display_path(Path(p), Path.cwd()): _refusal(Path(p), settings) for p in args.paths}
        refused = [f"{shown(path)}: {reason}" for path, reason in wanted.items() if reason]
        if refused:
            raise UsageError("not checked:\n" + "\n".join(refused))
        problems = [p for p in problems if p.file in wanted]
        checked = [f for f in fact_set.facts.values() if f.file in wanted]
        # Every path is accounted for: a valid fact or a problem. Anything else would be false assurance.
        unread = sorted(set(wanted) - {f.file for f in checked} - {p.file for p in problems})
        if unread:
            raise UsageError(f"not checked: {', '.join(map(shown, unread))}: the build does not read it as a record")
    else:
        checked = list(fact_set.facts.values())
    failed_files = {p.file for p in errors(problems)}
    checked = [f for f in checked if f.file not in failed_files]
    for problem in problems:
        if args.quiet and problem.severity is not Severity.ERROR:
            continue
        print(problem, file=sys.stderr)
    counts = Counter(fact.record.verdict for fact in checked)
    by_verdict = ", ".join(
        f"{counts[key]} {settings.scale[key].label.lower()}" for key in settings.scale.keys if counts[key]
    )
    failed = errors(problems) or (args.strict and warnings(problems))
    notice_count = len(notices(problems))  # advice only: never fails, so shown only when there is some
    print(
        f"{len(checked)} valid fact{'s' if len(checked) != 1 else ''}"
        f"{' (' + by_verdict + ')' if by_verdict else ''}; "
        f"{len(errors(problems))} error{'s' if len(errors(problems)) != 1 else ''}, "
        f"{len(warnings(problems))} warning{'s' if len(warnings(problems)) != 1 else ''}"
        f"{f', {notice_count} notice' + ('s' if notice_count != 1 else '') if notice_count else ''}"
    )
    return EXIT_PROBLEMS if failed else EXIT_OK


def command_new(args: argparse.Namespace) -> int:
    settings = _settings(args)
    from .records.schema import ID_PATTERN, RESERVED_IDS

    if not ID_PATTERN.match(args.id):
        raise UsageError(f"{shown(args.id)} is not a valid id: use lowercase letters, digits and single hyphens")
    if args.id in RESERVED_IDS:
        raise UsageError(f"{shown(args.id)} is reserved for a page the site generates: choose another id")
    target = settings.facts_dir / f"{args.id}.yml"
    if target.exists() and not args.force:
        raise UsageError(f"{display_path(target, Path.cwd())} exists: choose another id or pass --force")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(new_record_template(args.id, dt.date.today(), settings.scale), encoding="utf-8")
    print(f"wrote {display_path(target, Path.cwd())}: fill it in, then run factcheck check")
    return EXIT_OK


def _write(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def command_schema(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if args.format == "markdown":
        text = field_reference(settings.scale)
    elif args.format == "options":
        from .configdoc import configuration_reference

        text = configuration_reference()
    else:
        text = json.dumps(json_schema(settings.scale), indent=2, ensure_ascii=False) + "\n"
    _write(text, args.output)
    return EXIT_OK


def command_export(args: argparse.Namespace) -> int:
    settings = _settings(args)
    fact_set = _load(settings)
    if not fact_set.ok:
        for problem in errors(fact_set.problems):
            print(problem, file=sys.stderr)
        print("export stopped: fix the errors above first", file=sys.stderr)
        return EXIT_PROBLEMS
    facts = fact_set.visible(args.include_drafts)
    writer = to_csv if args.format == "csv" else to_json
    _write(writer(facts, settings.scale, directory_urls(facts, args.site_url)), args.output)
    return EXIT_OK


def command_init(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    site = NewSite(name=args.name or folder.resolve().name, site_url=args.site_url, language=args.language)
    try:
        written = write_site(folder, site)
    except ScaffoldError as error:
        raise UsageError(str(error)) from None
    print(f"wrote a new fact-check site in {folder} ({len(written)} files)")
    note = language_note(site.language)
    if note:
        print(f"note: {note}")
    print(f"next: cd {folder} && make serve   (then open http://127.0.0.1:8000/)")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factcheck", description="Check, create and export fact records.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config", default="mkdocs.yml", help="MkDocs config with the factcheck plugin options (default: mkdocs.yml)"
    )
    common.add_argument("--facts-dir", help="folder of fact records (default: the plugin's facts_dir, else facts/)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        parents=[common],
        help="validate records and report every problem",
        description="Validate all records (or the given files); print errors and warnings as file:line:col, "
        "then a summary. Exit status 1 when there are errors.",
    )
    check.add_argument("paths", nargs="*", help="record files to report on (all are loaded to check related ids)")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--quiet", "-q", action="store_true", help="print errors only, not warnings")
    check.add_argument(
        "--since",
        metavar="REF",
        help="also compare with git revision REF: a published verdict, claim or one-line verdict that changed "
        "needs a new correction and updated date; a published fact may not be removed",
    )
    check.set_defaults(handler=command_check)

    new = commands.add_parser(
        "new",
        parents=[common],
        help="write a commented draft record",
        description="Write facts/<id>.yml: a commented draft with every field of the schema.",
    )
    new.add_argument("id", help="the fact id, which becomes the file name (lowercase, digits, hyphens)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.set_defaults(handler=command_new)

    schema = commands.add_parser(
        "schema",
        parents=[common],
        help="print the record JSON Schema or field reference",
        description="Print the JSON Schema of a record (for YAML language servers) or the Markdown field reference.",
    )
    schema.add_argument(
        "--format",
        choices=("json", "markdown", "options"),
        default="json",
        help="json: the record JSON Schema; markdown: the record field reference; options: the plugin options",
    )
    schema.add_argument("--output", "-o", help="write to this file instead of standard output")
    schema.set_defaults(handler=command_schema)

    export = commands.add_parser(
        "export",
        parents=[common],
        help="export published facts as JSON or CSV",
        description="Export the published facts as the open dataset (JSON) or a CSV table.",
    )
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument("--output", "-o", help="write to this file instead of standard output")
    export.add_argument(
        "--site-url",
        help="base URL for each fact's page URL, as facts/<id>/ (the built site's own facts.json has the exact URLs)",
    )
    export.add_argument("--include-drafts", action="store_true", help="include facts that are not published")
    export.set_defaults(handler=command_export)

    init = commands.add_parser(
        "init",
        help="start a new fact-check site in a new folder",
        description="Write a new site into FOLDER (which must be empty or absent): mkdocs.yml with every plugin "
        "option, a story page, three example records, a README, a Makefile, GitHub workflows and pinned "
        "dependencies. It builds and serves at once.",
    )
    init.add_argument("folder", help="where to write the site")
    init.add_argument("--name", help="the site's name (default: the folder's name)")
    init.add_argument("--site-url", default="http://127.0.0.1:8000/", help="the published address, ending in /")
    init.add_argument("--language", default="en", help="theme.language: en and fr are shipped (default: en)")
    init.set_defaults(handler=command_init)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except UsageError as error:
        print(f"factcheck: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"factcheck: {error}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
