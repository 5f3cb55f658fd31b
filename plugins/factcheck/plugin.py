"""The MkDocs adapter: maps MkDocs events onto :class:`factcheck.site.FactSite`.

Everything a site needs ships with the package: the templates, the script and
stylesheets (written into the site in ``on_files``), a theme folder placed behind
the site's own ``custom_dir``, and the head content (inserted in ``on_post_page``),
so adding ``- factcheck`` to a Material site is all it takes.
"""

from __future__ import annotations

import dataclasses
import html
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import jinja2
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data as get_markdown_and_meta
from pydantic import ValidationError

from . import assets, security
from .claimreview import Organisation
from .config import FactcheckConfig
from .i18n import CatalogueError, fill, load_catalogue
from .loader import display_path, find_symlinks
from .problems import Problem, escape_unprintable
from .render import TEMPLATES_DIR, THEME_DIR, Renderer
from .scale import RatingScale
from .settings import Settings
from .site import DATA_FILES, INDEX_PAGE, FactSite, FactSiteError, Linker, SiteOptions

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.factcheck")
SUPPORTED_THEMES = ("material",)


class FactcheckPlugin(BasePlugin[FactcheckConfig]):
    def __init__(self) -> None:
        self.site: FactSite | None = None
        self._reset()

    def _reset(self) -> None:
        # `mkdocs serve` reuses the plugin instance: every build starts from nothing.
        self.fact_pages: dict[str, str] = {}  # source path of each generated fact page -> fact id
        self.head: dict[str, dict[str, Any]] = {}  # source path of a page -> what its <head> gets
        self.files: Files | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        config_file = config.config_file_path
        if config.theme.name not in SUPPORTED_THEMES:
            raise PluginError(
                f"{config_file}: theme.name: the factcheck plugin works with the Material theme only "
                f"(found '{config.theme.name}'): set theme.name to material and install mkdocs-material"
            )
        base_dir = Path(config_file).parent.resolve()
        docs_dir = Path(config.docs_dir).resolve()
        facts_dir = (base_dir / self.config.facts_dir).resolve()
        if facts_dir == docs_dir or docs_dir in facts_dir.parents:
            raise PluginError(
                f"{config_file}: plugins.factcheck.facts_dir: '{self.config.facts_dir}' is inside docs_dir "
                f"'{display_path(docs_dir, base_dir)}', so the raw records (drafts too) would be published: "
                "move the records folder out of docs_dir (e.g. facts/ next to mkdocs.yml)"
            )
        guarded = [docs_dir, facts_dir]
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
        language = config.theme["language"]
        try:
            words = load_catalogue(language, self.config.strings)
        except CatalogueError as error:
            raise PluginError(f"{config_file}: plugins.factcheck.{error}") from None
        if words.untranslated:
            log.warning(
                "factcheck: no catalogue for theme.language '%s': %d strings are shown in English; translate them "
                "with plugins.factcheck.strings (docs/languages.md lists the keys), or contribute a catalogue",
                language,
                len(words.untranslated),
            )
        try:
            scale = RatingScale.from_config(self.config.rating_scale, words)
        except ValidationError as error:
            raise PluginError(f"{config_file}: plugins.factcheck.rating_scale: {error}") from None
        settings = Settings(
            facts_dir=facts_dir, scale=scale, topic_labels=self.config.topics, base_dir=base_dir, words=words
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
            article_claimant=self.config.article.claimant,
            article_name=self.config.article.name,
            methodology_page=self.config.methodology_page,
            corrections_page=self.config.corrections_page,
            about_page=self.config.about_page,
            # Without a form of its own, a site with a repository takes reports as issues there.
            report_error_url=self.config.report_error_url
            or (f"{config.repo_url.rstrip('/')}/issues" if config.repo_url else None),
            contact_url=self.config.contact_url,
            licence_name=self.config.licence.name,
            licence_url=self.config.licence.url,
        )
        self._add_theme_folder(config)
        # The theme's folders first, so a site's custom_dir/factcheck/*.html overrides the defaults.
        loader = jinja2.FileSystemLoader([*config.theme.dirs, str(TEMPLATES_DIR)])
        try:
            self.site = FactSite(settings, options, Renderer(settings, loader))
        except FactSiteError as error:
            raise PluginError(f"the fact records have errors; nothing was built:\n{error}") from None
        for problem in self.site.warnings:
            log.warning(str(problem))
        if not config.site_url:
            log.info(
                "factcheck: site_url is not set, so the site has no Atom feed, and facts.json, facts.csv and the "
                "ClaimReview data carry no absolute page URLs: set site_url in %s to publish them",
                config_file,
            )
        self._link_assets(config)
        return config

    @staticmethod
    def _add_theme_folder(config: MkDocsConfig) -> None:
        """Put the package's theme folder right behind the site's custom_dir, ahead of Material's own."""
        folder = str(THEME_DIR)
        if folder in config.theme.dirs:
            return
        custom_dir = config.theme.custom_dir
        position = 1 if custom_dir and config.theme.dirs[:1] == [custom_dir] else 0
        config.theme.dirs.insert(position, folder)

    @staticmethod
    def _link_assets(config: MkDocsConfig) -> None:
        for stylesheet in assets.STYLESHEETS:
            if stylesheet not in config.extra_css:
                config.extra_css.append(stylesheet)
        if not any(str(script) == assets.SCRIPT for script in config.extra_javascript):
            # Deferred: it runs after Material's bundle, and the page renders without waiting for it.
            script = ExtraScriptValue(assets.SCRIPT)
            script.defer = True
            config.extra_javascript.append(script)

    def _site(self) -> FactSite:
        assert self.site is not None, "on_config has not run"
        return self.site

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # MkDocs empties site_dir right after this event: whatever can stop the build is checked here, so a
        # broken page never leaves an empty site behind. on_page_markdown checks again what plugins changed.
        site = self._site()
        problems: list[Problem] = []
        files = get_files(config)
        generated = {
            **site.generated_paths(),
            **{path: "one of the plugin's own assets" for path in (assets.SCRIPT, *assets.STYLESHEETS)},
        }
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
        for option in ("methodology_page", "corrections_page", "about_page"):
            path = self.config[option]
            if path and files.get_file_from_path(path) is None:
                raise PluginError(
                    f"{config.config_file_path}: plugins.factcheck.{option}: there is no page '{path}' in docs_dir "
                    f"'{config.docs_dir}': write the path of an existing page (e.g. methodology.md), or remove the "
                    "option"
                )
        self.fact_pages = site.fact_pages()
        for path, content in site.generated_pages().items():
            inclusion = InclusionLevel.NOT_IN_NAV if path in self.fact_pages else InclusionLevel.UNDEFINED
            self._add_file(files, File.generated(config, path, content=content, inclusion=inclusion))
        # The data files name each fact page by the address MkDocs gives it (directory URLs or not).
        urls: dict[str, str] = {}
        if config.site_url:
            for path, fact_id in self.fact_pages.items():
                page_file = files.get_file_from_path(path)
                if page_file is not None:
                    urls[fact_id] = urljoin(config.site_url, page_file.url)
        generated = {
            **site.data_files(urls),
            assets.VERDICT_STYLESHEET: assets.minify(assets.VERDICT_STYLESHEET, site.verdict_css()),
            **{path: assets.packaged_asset(path) for path in (assets.SCRIPT, assets.STYLESHEET)},
        }
        for path, content in generated.items():
            self._add_file(files, File.generated(config, path, content=content))
        self.files = files
        return files

    @staticmethod
    def _add_file(files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(file)

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
        fact_id = self.fact_pages.get(page.file.src_uri)
        if fact_id:
            page_url = page.canonical_url or page.url
            self.head[page.file.src_uri] = {"claim_review": site.claim_review(fact_id, page_url)}
            page.edit_url = None  # the fact page links to its YAML record instead
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
            self.head[page.file.src_uri] = {"popovers": site.popover_data(cited, link)}
        return html

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        site = self._site()
        # For the package's theme templates (the 404 page); that environment does not escape, so they do.
        env.globals["factcheck_t"] = site.settings.words.t

        def footer(page: Page | None, root: str) -> str:
            if page is not None and page.file is not None:
                return site.footer_html(self._linker(page, files))

            def from_root(path: str) -> str:  # static templates (404.html) link from the site's root
                target = files.get_file_from_path(path)
                return root + (target.url if target else path)

            return site.footer_html(from_root)

        env.globals["factcheck_footer"] = footer
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            fact_id = self.fact_pages.get(file.src_uri)
            if fact_id:
                page.content = site.fact_html(fact_id, self._linker(page, files))
            elif file.src_uri == INDEX_PAGE:
                page.content = site.index_html(self._linker(page, files))
        return env

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Add the plugin's head content, independent of the site's own templates."""
        assert self.files is not None, "on_files has not run"
        site = self._site()
        feed = self.files.get_file_from_path(DATA_FILES["Atom feed"])
        fact_id = self.fact_pages.get(page.file.src_uri)
        head = site.renderer.head(
            feed_url=get_relative_url(feed.url, page.file.url) if feed else None,
            feed_title=site.options.feed_title or site.options.site_name,
            strings=site.settings.words.prefixed("js."),
            sharing=site.sharing(
                fact_id,
                title=page.title or site.options.site_name,
                description=page.meta.get("description") or config.site_description,
                url=page.canonical_url,
                language=config.theme["language"],
            ),
            **self.head.get(page.file.src_uri, {}),
        )
        end = output.find("</head>")
        if end < 0:
            raise PluginError(f"{page.file.src_uri}: the theme wrote a page without </head>; cannot add the fact data")
        if fact_id:
            output = self._title_with_verdict(output, fact_id)
        return self._protect(output[:end] + head + output[end:])

    def _title_with_verdict(self, output: str, fact_id: str) -> str:
        """The fact page's <title> starts with the verdict, as search results and tabs show it."""
        start, end = output.find("<title>"), output.find("</title>")
        if start < 0 or end < start:
            return output
        site = self._site()
        label = site.settings.scale[site.fact_set.facts[fact_id].record.verdict].label
        # The theme's title is escaped already; the label is escaped here.
        template = html.escape(site.settings.words.strings["fact.title_verdict"])
        title = fill(template, {"verdict": html.escape(label), "title": output[start + 7 : end]})
        return output[: start + 7] + title + output[end:]

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        # Static templates such as 404.html are pages too.
        return self._protect(output_content) if template_name.endswith(".html") else output_content

    def _protect(self, page: str) -> str:
        return security.protect(page) if self.config.content_security_policy else page

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # The theme's source maps only serve developers' tools; readers never need them.
        for source_map in Path(config.site_dir, "assets").rglob("*.map"):
            source_map.unlink()

    def _is_generated(self, page: Page) -> bool:
        return page.file.src_uri in self.fact_pages or page.file.src_uri == INDEX_PAGE

    @staticmethod
    def _linker(page: Page, files: Files) -> Linker:
        def link(path: str) -> str:
            target = files.get_file_from_path(path)
            if target is None:
                raise PluginError(f"factcheck: no page or file '{path}' in the site")
            return get_relative_url(target.url, page.file.url)

        return link
