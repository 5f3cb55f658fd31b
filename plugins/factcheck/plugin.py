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

from .config import FactcheckConfig, SettingsError, site_settings
from .publish import assets, search_index, security
from .publish.claimreview import Organisation
from .publish.i18n import fill
from .publish.render import TEMPLATES_DIR, THEME_DIR, Renderer
from .publish.site import DATA_FILES, INDEX_ROWS, FactSite, FactSiteError, Linker, SiteOptions
from .records.loader import display_path, find_symlinks
from .records.problems import Problem, escape_unprintable

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = logging.getLogger("mkdocs.plugins.factcheck")
SUPPORTED_THEMES = ("material",)
# Material draws the search box when its search plugin is configured; we keep the box and replace the rest.
MATERIAL_SEARCH = "material/search"


class FactcheckPlugin(BasePlugin[FactcheckConfig]):
    def __init__(self) -> None:
        self.site: FactSite | None = None
        self._reset()

    def _reset(self) -> None:
        # `mkdocs serve` reuses the plugin instance: every build starts from nothing.
        self.fact_pages: dict[str, str] = {}  # source path of each generated fact page -> fact id
        self.index_pages: dict[str, int] = {}  # source path of each page of the facts index -> its number
        self.search = False  # whether the site has a search box, which our Pagefind index serves
        self.search_index: search_index.SearchIndex | None = None
        self.head: dict[str, dict[str, Any]] = {}  # source path of a page -> what its <head> gets
        self.files: Files | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        config_file = config.config_file_path
        for option in ("feed_entries", "facts_per_page"):
            if self.config[option] < 1:
                raise PluginError(
                    f"{config_file}: plugins.factcheck.{option}: must be 1 or more (found {self.config[option]})"
                )
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
        try:
            settings, warnings = site_settings(self.config, base_dir=base_dir, language=config.theme["language"])
        except SettingsError as error:
            raise PluginError(f"{config_file}: {error}") from None
        for warning in warnings:
            log.warning(warning)
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
            feed_entries=self.config.feed_entries,
            facts_per_page=self.config.facts_per_page,
            index_groups=self.config.index_groups,
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
        self.search = self._take_over_search(config)
        if self.search:
            self.search_index = search_index.SearchIndex(config.theme.get("language") or "en")
        return config

    @staticmethod
    def _take_over_search(config: MkDocsConfig) -> bool:
        """Keep Material's search box but not its index: the plugin writes a Pagefind index instead.

        Material's search plugin would collect every page's text during the build and make every page
        download all of it at start-up (53 MB at 10,000 facts). Its build events are dropped here; the
        theme folder's partials/search.html names the form so that Material's bundle fetches no index,
        and factcheck.js drives the box with Pagefind when the reader first uses it.
        """
        plugin = config.plugins.get(MATERIAL_SEARCH)
        if plugin is None or not plugin.config.get("enabled", True):
            return False
        for event in ("page_context", "post_build"):
            methods = config.plugins.events[event]
            methods[:] = [method for method in methods if getattr(method, "__self__", None) is not plugin]
        return True

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
            problems += self._page_problems(shown_file, raw, markdown)
        if problems:
            listed = "\n".join(str(problem) for problem in problems)
            raise PluginError(f"pages of the site have errors; nothing was built:\n{listed}")

    def _page_problems(self, shown_file: str, raw: str, markdown: str) -> list[Problem]:
        """A page's fact-link and marker problems, at lines counted from the top of its file, front matter included."""
        offset = raw[: raw.find(markdown)].count("\n") if markdown and markdown in raw else 0
        return [dataclasses.replace(p, line=p.line + offset) for p in self._site().check_markdown(shown_file, markdown)]

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
        self.index_pages = site.index_pages()
        for path, content in site.generated_pages().items():
            # The first page of the index is the site's to place in its nav; the others are reached from it.
            in_nav = self.index_pages.get(path) == 1
            inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
            self._add_file(files, File.generated(config, path, content=content, inclusion=inclusion))
        # The data files name each fact page by the address MkDocs gives it (directory URLs or not).
        urls: dict[str, str] = {}
        for path, fact_id in self.fact_pages.items():
            page_file = files.get_file_from_path(path)
            if page_file is not None and config.site_url:
                urls[fact_id] = urljoin(config.site_url, page_file.url)
        rows_file = File.generated(config, INDEX_ROWS, content="")
        generated = {
            **site.data_files(urls),
            INDEX_ROWS: site.index_rows(self._linker_from(rows_file.url, files)),
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
        file = self._display_file(config, page.file.src_uri)
        problems = self._page_problems(file, page.file.content_string, markdown)
        if problems:
            lines = "\n".join(str(problem) for problem in problems)
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

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Fill in a generated page just before it is written, once every citation is known.

        One page at a time, and dropped again in on_post_page: holding every fact page's HTML until the
        end of the build would take hundreds of megabytes at 10,000 facts.
        """
        assert self.files is not None, "on_files has not run"
        site = self._site()
        fact_id = self.fact_pages.get(page.file.src_uri)
        if fact_id:
            page.content = site.fact_html(fact_id, self._linker(page, self.files))
        elif page.file.src_uri in self.index_pages:
            page.content = site.index_html(self._linker(page, self.files), self.index_pages[page.file.src_uri])
        return context

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
            end = output.find("</head>")
        output = output[:end] + head + output[end:]
        fact_id = self.fact_pages.get(page.file.src_uri)
        if self._is_generated(page):
            page.content = None  # written; see on_page_context
        if self.search_index is None or page.file.src_uri in self.index_pages:
            return self._protect(output)
        site = self._site()
        url = page.file.url.removeprefix("./")
        try:
            if fact_id:
                fact = site.fact_set.facts[fact_id]
                settings = site.settings
                self.search_index.add(search_index.fact_record(fact, url, settings.scale, settings.topic_label))
            else:
                self.search_index.add_page(url, output)
        except (OSError, search_index.SearchIndexError) as error:
            raise PluginError(f"{page.file.src_uri}: cannot add the page to the search index: {error}") from None
        return self._protect(output)

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
        return security.protect(page, wasm=self.search) if self.config.content_security_policy else page

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # The theme's source maps only serve developers' tools; readers never need them.
        for source_map in Path(config.site_dir, "assets").rglob("*.map"):
            source_map.unlink()
        if self.search_index is None:
            return
        try:
            self.search_index.write(Path(config.site_dir))
        except search_index.SearchIndexError as error:
            raise PluginError(f"{config.config_file_path}: plugins.search: {error}") from None
        finally:
            self.search_index = None

    def on_build_error(self, *, error: Exception) -> None:
        if self.search_index is not None:
            self.search_index.close()
            self.search_index = None

    def _is_generated(self, page: Page) -> bool:
        return page.file.src_uri in self.fact_pages or page.file.src_uri in self.index_pages

    @classmethod
    def _linker(cls, page: Page, files: Files) -> Linker:
        return cls._linker_from(page.file.url, files)

    @staticmethod
    def _linker_from(url: str, files: Files) -> Linker:
        """Resolves site paths to URLs relative to ``url``, the address of a page or file."""

        def link(path: str) -> str:
            target = files.get_file_from_path(path)
            if target is None:
                raise PluginError(f"factcheck: no page or file '{path}' in the site")
            return get_relative_url(target.url, url)

        return link
