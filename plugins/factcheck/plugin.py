"""The MkDocs adapter: maps MkDocs events onto :class:`factcheck.site.FactSite`."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data as get_markdown_and_meta
from pydantic import ValidationError

from .claimreview import Organisation
from .config import FactcheckConfig
from .loader import display_path, find_symlinks
from .problems import Problem, escape_unprintable
from .render import TEMPLATES_DIR, Renderer
from .scale import RatingScale
from .settings import Settings
from .site import INDEX_PAGE, FactSite, FactSiteError, Linker, SiteOptions

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.factcheck")
VERDICT_CSS = "assets/factcheck/verdicts.css"


class FactcheckPlugin(BasePlugin[FactcheckConfig]):
    def __init__(self) -> None:
        self.site: FactSite | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base_dir = Path(config.config_file_path).parent.resolve()
        guarded = [Path(config.docs_dir), base_dir / self.config.facts_dir]
        if config.theme.custom_dir:
            guarded.append(Path(config.theme.custom_dir))
        links = find_symlinks(guarded)
        if links:
            listed = "\n".join(
                f"{escape_unprintable(display_path(link, base_dir))}: symbolic link; replace it with a real file"
                for link in links
            )
            raise PluginError(
                f"symbolic links could publish files from outside the repository; nothing was built:\n{listed}"
            )
        try:
            scale = RatingScale.from_config(self.config.rating_scale)
        except ValidationError as error:
            raise PluginError(f"{config.config_file_path}: plugins.factcheck.rating_scale: {error}") from None
        settings = Settings(
            facts_dir=base_dir / self.config.facts_dir, scale=scale, topic_labels=self.config.topics, base_dir=base_dir
        )
        options = SiteOptions(
            site_name=config.site_name,
            site_url=config.site_url,
            publisher=Organisation(
                name=self.config.publisher.name or config.site_name,
                url=self.config.publisher.url or config.site_url,
                logo=self.config.publisher.logo,
            ),
            include_drafts=self.config.include_drafts,
            edit_url=self.config.edit_url,
            popover_sources=self.config.popover_sources,
            feed_title=self.config.feed_title,
        )
        # The theme's folders first, so site_src/factcheck/*.html overrides the defaults.
        loader = jinja2.FileSystemLoader([*config.theme.dirs, str(TEMPLATES_DIR)])
        try:
            self.site = FactSite(settings, options, Renderer(settings, loader))
        except FactSiteError as error:
            raise PluginError(f"the fact records have errors; nothing was built:\n{error}") from None
        for problem in self.site.warnings:
            log.warning(str(problem))
        if VERDICT_CSS not in config.extra_css:
            config.extra_css.append(VERDICT_CSS)
        return config

    def _site(self) -> FactSite:
        assert self.site is not None, "on_config has not run"
        return self.site

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # MkDocs empties site_dir right after this event: whatever can stop the build is checked here, so a
        # broken page never leaves an empty site behind. on_page_markdown checks again what plugins changed.
        site = self._site()
        problems: list[Problem] = []
        files = get_files(config)
        generated = {**site.generated_paths(), VERDICT_CSS: "the verdict colours"}
        destinations = {File.generated(config, path, content="").dest_uri: path for path in generated}
        for file in files:
            if file.inclusion.is_excluded():
                continue
            shown_file = self._display_file(config, file.src_uri)
            clash = file.src_uri if file.src_uri in generated else destinations.get(file.dest_uri)
            if clash is not None:
                problems.append(
                    Problem(
                        shown_file,
                        1,
                        1,
                        "",
                        f"the site's {clash} is {generated[clash]}, which the factcheck plugin generates: "
                        "rename or move this file",
                    )
                )
            if not file.is_documentation_page() or not file.inclusion.is_included():
                continue
            try:
                raw = file.content_string
            except (OSError, UnicodeDecodeError):
                continue  # MkDocs reports unreadable pages itself
            markdown, _ = get_markdown_and_meta(raw)
            offset = raw[: raw.find(markdown)].count("\n") if markdown and markdown in raw else 0
            problems += [
                dataclasses.replace(p, line=p.line + offset) for p in site.check_markdown(shown_file, markdown)
            ]
        if problems:
            listed = "\n".join(str(problem) for problem in problems)
            raise PluginError(f"pages of the site have errors; nothing was built:\n{listed}")

    def _display_file(self, config: MkDocsConfig, src_uri: str) -> str:
        return display_path(Path(config.docs_dir, src_uri), self._site().settings.base_dir)

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self._site().settings.facts_dir))
        return server

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        site = self._site()
        generated = {**site.generated_pages(), **site.data_files(), VERDICT_CSS: site.verdict_css()}
        for path, content in generated.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            inclusion = (
                InclusionLevel.NOT_IN_NAV
                if path.startswith("facts/") and path != INDEX_PAGE
                else InclusionLevel.UNDEFINED
            )
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self._is_generated(page):
            return markdown
        raw = page.file.content_string
        offset = raw[: raw.find(markdown)].count("\n") if markdown and markdown in raw else 0
        file = Path(config.docs_dir, page.file.src_uri).relative_to(self._site().settings.base_dir).as_posix()
        problems = self._site().check_markdown(file, markdown)
        if problems:
            # Line numbers count from the top of the file, front matter included.
            lines = "\n".join(str(dataclasses.replace(p, line=p.line + offset)) for p in problems)
            raise PluginError(f"fact links in {file} are broken; nothing was built:\n{lines}")
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        site = self._site()
        fact_id = page.meta.get("factcheck_fact")
        if fact_id:
            page_url = page.canonical_url or page.url
            page.meta["factcheck_claimreview"] = site.claim_review(fact_id, page_url)
            page.edit_url = None  # the edit link in the page points at the YAML record
            return html
        if self._is_generated(page):
            return html
        link = self._linker(page, files)
        try:
            html, cited = site.annotate(page.file.src_uri, page.title or page.file.name, html, link)
        except FactSiteError as error:
            file = self._display_file(config, page.file.src_uri)
            lines = "\n".join(str(dataclasses.replace(p, file=file)) for p in error.problems)
            raise PluginError(f"fact links in {file} are broken; nothing was built:\n{lines}") from None
        if cited:
            page.meta["factcheck_popovers"] = site.popover_data(cited, link)
        return html

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        site = self._site()
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            fact_id = page.meta.get("factcheck_fact")
            if fact_id:
                page.content = site.fact_html(fact_id, self._linker(page, files))
            elif file.src_uri == INDEX_PAGE:
                page.content = site.index_html(self._linker(page, files))
        return env

    @staticmethod
    def _is_generated(page: Page) -> bool:
        return bool(page.meta.get("factcheck_fact")) or page.file.src_uri == INDEX_PAGE

    @staticmethod
    def _linker(page: Page, files: Files) -> Linker:
        def link(path: str) -> str:
            target = files.get_file_from_path(path)
            if target is None:
                raise PluginError(f"factcheck: no page or file '{path}' in the site")
            return get_relative_url(target.url, page.file.url)

        return link
