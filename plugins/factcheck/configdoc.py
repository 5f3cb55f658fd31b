"""The configuration reference (docs/configuration.md), generated from the option classes in config.py.

MkDocs keeps no attribute docstrings at run time, so they are read from the source, as mkdocstrings does.
"""

from __future__ import annotations

import ast
import inspect
from typing import Any

from . import config

HEADER = """\
# Configuration reference

The options of the `factcheck` plugin in `mkdocs.yml`, generated from the option classes
(`plugins/factcheck/config.py`, `make schema`). Every option is checked when the site builds and when
`factcheck check` runs; a mistake stops both with one line naming the option and the fix.

```yaml
plugins:
  - search
  - factcheck:
      facts_dir: facts
```
"""


def option_docs(cls: type) -> list[tuple[str, str]]:
    """(name, docstring) of each option declared on ``cls``, in source order."""
    tree = ast.parse(inspect.getsource(cls))
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    documented = []
    for statement, following in zip(body, [*body[1:], None], strict=True):
        target = None
        if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
            target = statement.targets[0].id
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            target = statement.target.id
        if target is None:
            continue
        doc = ""
        if isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant):
            doc = inspect.cleandoc(str(following.value.value))
        documented.append((target, " ".join(doc.split())))
    return documented


def _default(value: Any) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value in ({}, []):
        return "empty"
    return f"`{value}`"


def configuration_reference() -> str:
    defaults = config.FactcheckConfig()
    defaults.load_dict({})
    defaults.validate()
    lines = [HEADER, "| option | default | what it does |", "| --- | --- | --- |"]
    for name, doc in option_docs(config.FactcheckConfig):
        default = "see below" if name == "publisher" else _default(defaults[name])
        lines.append(f"| `{name}` | {default} | {doc} |")
    lines += ["", "## `publisher`", "", "| option | default | what it does |", "| --- | --- | --- |"]
    for name, doc in option_docs(config.PublisherConfig):
        lines.append(f"| `publisher.{name}` | {_default(defaults['publisher'][name])} | {doc} |")
    return "\n".join(lines) + "\n"
