"""Incremental generation (build_tools/cache.py): reused files and pages are never stale.

The reference for every comparison is a render with the caches off (HANDBOOK_CACHE=0): after
an edit, the incremental render must give exactly the pages a full render gives, and render
only the pages whose inputs changed.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools import build, cache, loader

REPO = Path(__file__).resolve().parent.parent
TITLE = re.compile(r"^(\s*(?:- )?titel: )(.+)$", re.MULTILINE)


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the real content (every content type, with references between them), and
    empty caches before and after (the key that signs persisted caches in tmp_path)."""
    monkeypatch.setenv(cache.KEY_ENV, str(tmp_path / "noegle"))
    target = tmp_path / "handbog" / "content"
    shutil.copytree(REPO / "content", target)
    cache.clear()
    build._last_checked = None
    yield target
    cache.clear()
    build._last_checked = None


def pages(content: Path, cached: bool = True, hide_drafts: bool = False,
          edit_base: str = "") -> dict[str, str]:
    """Every page's Markdown, rendered incrementally or (cached=False) from scratch."""
    previous = os.environ.get(cache.ENABLED_ENV)
    os.environ[cache.ENABLED_ENV] = "1" if cached else "0"
    try:
        build._last_checked = None
        generated = build.generate(content, hide_drafts, edit_base)
    finally:
        if previous is None:
            del os.environ[cache.ENABLED_ENV]
        else:
            os.environ[cache.ENABLED_ENV] = previous
    return {path: page.markdown for path, page in generated.site.pages.items()}


def retitle(path: Path, suffix: str = " rettet") -> None:
    """Append `suffix` to every title in the file (the item's, a level's, a source's …)."""
    def replace(match: re.Match[str]) -> str:
        value = match.group(2).rstrip()
        if value[0] in "\"'" and value[-1] == value[0] and len(value) > 1:
            return f"{match.group(1)}{value[:-1]}{suffix}{value[-1]}"
        if value[0] in "|>":
            return match.group(0)
        return f"{match.group(1)}{value}{suffix}"

    text = path.read_text(encoding="utf-8")
    changed = TITLE.sub(replace, text)
    assert changed != text, f"{path} has no title to change"
    path.write_text(changed, encoding="utf-8")


def assert_same(content: Path, **options: object) -> dict[str, str]:
    """The incremental render equals a full render; returns it."""
    incremental = pages(content, **options)  # type: ignore[arg-type]
    rendered = list(cache.PAGES.rendered)
    full = pages(content, cached=False, **options)  # type: ignore[arg-type]
    stale = sorted(path for path in full if incremental.get(path) != full[path])
    assert not stale, f"pages not updated: {stale}"
    assert incremental.keys() == full.keys()
    cache.PAGES.rendered = rendered
    return incremental


def test_a_changed_title_updates_every_page_that_shows_it_and_renders_no_other(
        content: Path) -> None:
    """An indsats's title is shown by its page, the flows that recommend it, the catalogue's
    overview and tag pages: all of them show the new title; a page that does not show it is
    reused, not rendered again."""
    before = pages(content)
    assert cache.PAGES.reused == 0 and len(cache.PAGES.rendered) == len(before)
    unchanged = pages(content)
    assert unchanged == before
    # Nothing changed: only the pages that read everything (the registers, the change log,
    # the status reports, the gaps) are made again.
    always = set(cache.PAGES.rendered)
    assert always and not always & {p for p in before if p.startswith(("indsatser/", "vejviser/"))}

    entry = content / "indsatser" / "tvaersteam.yml"
    old_title = TITLE.search(entry.read_text(encoding="utf-8")).group(2)  # type: ignore[union-attr]
    retitle(entry, " (rettet)")
    after = assert_same(content)
    rendered = set(cache.PAGES.rendered)

    # The pages that show the title: changed in a full render, each rendered again.
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed <= rendered
    # Rendered again: only what shows it, the status reports (they read every item) and the
    # flows' overview (keyed by the flows and what they refer to).
    extra = {p for p in rendered - always - changed if not p.startswith("rapporter/")}
    assert extra <= {"vejviser/index.md"}
    flows = {path for path in changed if path.startswith("vejviser/")}
    assert {"indsatser/tvaersteam.md", "indsatser/index.md"} <= changed and flows
    for path in changed - {"kilder.md", "om/hvad-er-nyt.md"}:
        assert f"{old_title} (rettet)" in after[path], f"{path} changed, but not its title"
    others = {p for p in after if p.startswith(("vaerdier/", "strategi/", "organisering/"))}
    assert others and not others & rendered  # they show nothing of the entry: reused


def test_a_changed_source_title_reaches_every_page_that_cites_it(content: Path) -> None:
    pages(content)
    retitle(content / "kilder" / "kilder.yml")
    after = assert_same(content)
    assert any("Kommissorium – styrkelse af og omlægning til tidlig forebyggende indsats i "
               "Frederikssund Kommune rettet" in markdown for path, markdown in after.items()
               if path != "kilder.md")


@pytest.mark.parametrize(("options", "summaries"), [
    ({}, True), ({"hide_drafts": True, "edit_base": "https://git/x/"}, False),
], ids=["plain", "hide-drafts-edit-links"])
def test_after_any_edit_the_pages_equal_a_full_render(content: Path, options: dict[str, object],
                                                      summaries: bool) -> None:
    """One file of every folder edited in turn (its titles; in the plain render the item's
    summary too), each followed by an incremental render compared with a full one:
    references, back-links, registers and listings all follow."""
    pages(content, **options)  # type: ignore[arg-type]
    for folder in sorted(p for p in content.iterdir() if p.is_dir()):
        files = sorted(f for f in folder.rglob("*") if f.suffix in (".yml", ".md"))
        target = files[len(files) // 2]
        retitle(target)
        assert_same(content, **options)
        text = target.read_text(encoding="utf-8")
        if summaries and re.search(r"^resume: ", text, re.MULTILINE):
            target.write_text(re.sub(r"^(resume: .*?)(['\"]?)$", r"\1 Ny sætning.\2", text,
                                     count=1, flags=re.MULTILINE), encoding="utf-8")
            assert_same(content, **options)


def test_editing_the_akut_flows_text_renders_its_pages_not_every_page(content: Path) -> None:
    """Every page links to the Akut steps (the flow's address, title and level anchor): a
    change to the Akut flow's other text renders its own pages and what lists it, not the
    values or the strategy; a change to its title reaches every page that names it."""
    before = pages(content)
    flow = content / "vejvisere" / "akut-vold-og-overgreb.yml"
    text = flow.read_text(encoding="utf-8")
    flow.write_text(text.replace("Underret med det samme", "Underret straks", 1),
                    encoding="utf-8")
    after = assert_same(content)
    rendered = set(cache.PAGES.rendered)
    assert any("Underret straks" in markdown for markdown in after.values())
    unrelated = {p for p in before if p.startswith(("vaerdier/", "strategi/", "organisering/"))}
    assert unrelated and not unrelated & rendered

    retitle(flow, " (rettet)")
    after = assert_same(content)
    assert unrelated <= set(cache.PAGES.rendered)  # the title is in every page's Akut link


def test_a_new_page_appears_and_a_removed_one_is_gone(content: Path) -> None:
    pages(content)
    source = (content / "indsatser" / "tti.yml").read_text(encoding="utf-8")
    new = content / "indsatser" / "ny-indsats.yml"
    new.write_text(re.sub(r"^id: .*$", "id: ny-indsats", source, count=1, flags=re.MULTILINE),
                   encoding="utf-8")
    assert "indsatser/ny-indsats.md" in assert_same(content)
    new.unlink()
    assert "indsatser/ny-indsats.md" not in assert_same(content)


# --- the file cache -----------------------------------------------------------------------------


def test_an_unchanged_file_is_not_validated_again_and_a_changed_one_is(content: Path) -> None:
    first = loader.load(content)
    again = loader.load(content)
    assert again.items["indsatser"]["tti"] is first.items["indsatser"]["tti"]
    assert cache.FILES.hits == len(first.files)

    path = content / "indsatser" / "tti.yml"
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    # The same size and modification time: only the content tells the edit apart.
    edited = TITLE.sub(lambda m: m.group(1) + m.group(2).swapcase(), text, count=1)
    assert len(edited.encode()) == len(text.encode()) and edited != text
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    changed = loader.load(content).items["indsatser"]["tti"]
    assert changed is not first.items["indsatser"]["tti"]
    assert changed.model.titel == TITLE.search(edited).group(2)  # type: ignore[union-attr]


def test_a_file_with_errors_is_reported_again_from_the_cache(content: Path) -> None:
    path = content / "indsatser" / "tti.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("titel:", "titl:", 1),
                    encoding="utf-8")
    first = [str(p) for p in loader.load(content).problems]
    assert any("titl" in line for line in first)
    assert [str(p) for p in loader.load(content).problems] == first
    assert cache.FILES.hits > 0


def test_the_persisted_cache_is_used_and_a_broken_or_foreign_one_ignored(
        content: Path, tmp_path: Path) -> None:
    build_dir = tmp_path / "build"
    build.load_checked(content, build_dir)
    stored = build_dir / cache.CACHE_FOLDER / cache.CACHE_FILE
    assert stored.is_file()

    def fresh_load() -> list[str]:
        cache.clear()
        build._last_checked = None
        loaded = build.load_checked(content, build_dir)
        return sorted(f"{kind}/{key}:{item.model.titel}"
                      for kind, items in loaded.items.items() for key, item in items.items())

    expected = fresh_load()
    assert cache.FILES.misses == 0 and cache.FILES.hits > 0  # all read from the file

    stored.write_bytes(b"not a pickle")
    assert fresh_load() == expected and cache.FILES.hits == 0

    # A cache written by other code (another version) is not trusted, even if it parses.
    entries = {key: cache.FileEntry(entry.digest, entry.display, entry.relative, entry.model,
                                    None, [])
               for key, entry in cache.FILES.entries.items()}
    stored.write_bytes(pickle.dumps(("another-version", entries)))
    assert fresh_load() == expected and cache.FILES.hits == 0

    # An entry whose text hash does not match is a miss, never the cached item.
    path = content / "indsatser" / "tti.yml"
    retitle(path, " ny")
    assert "indsatser/tti:" + TITLE.search(  # type: ignore[union-attr]
        path.read_text(encoding="utf-8")).group(2) in fresh_load()


def test_the_next_command_reuses_the_kept_pages_and_shows_every_edit(
        content: Path, tmp_path: Path) -> None:
    """`handbook build` keeps its rendered pages in build/cache: the next command (a new
    process: nothing in memory) renders only what an edit changed, and its pages equal a full
    render after an edit to an entry, to a source every page may cite, and to a value."""
    build_dir = tmp_path / "build"

    def next_command() -> dict[str, str]:
        cache.clear()
        build._last_checked = None
        generated = build.generate(content, build_dir=build_dir)
        return {path: page.markdown for path, page in generated.site.pages.items()}

    first = next_command()
    assert cache.PAGES.reused == 0
    assert next_command() == first
    entry_pages = {p for p in first if p.startswith(("indsatser/", "vejviser/"))}
    assert entry_pages and not entry_pages & set(cache.PAGES.rendered)  # all from build/cache

    for edited, some in (("indsatser/tvaersteam.yml", True), ("kilder/kilder.yml", False),
                         ("vaerdier/handl-tidligt.yml", True)):
        retitle(content / edited)
        after = next_command()
        rendered = len(cache.PAGES.rendered)
        # an entry or a value: its pages and what shows it; a source: every page (any may cite it)
        assert (0 < rendered < len(after)) if some else rendered == len(after), (
            edited, rendered, len(after))
        full = pages(content, cached=False)
        stale = sorted(path for path in full if after.get(path) != full[path])
        assert not stale, f"{edited}: pages not updated: {stale}"
        assert after.keys() == full.keys()


def test_templates_compile_once_per_process_but_an_edited_template_is_used(
        tmp_path: Path) -> None:
    from jinja2 import DictLoader, Environment

    def render(source: str) -> str:
        env = Environment(loader=DictLoader({"t.j2": source}), bytecode_cache=cache.COMPILED)
        return env.get_template("t.j2").render(x="a")

    assert render("{{ x }}-1") == "a-1"
    assert render("{{ x }}-2") == "a-2"  # same name, new source: not the compiled old one


def test_a_second_build_in_one_process_compiles_no_template(
        handbook_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs makes a new Jinja environment per build: the theme's compiled templates are
    reused from the first build (as `handbook serve` rebuilds), not compiled again."""
    from jinja2 import Environment

    from build_tools.build import build_site

    config = handbook_copy / "mkdocs.yml"
    build_site(config, handbook_copy / "site")
    first = (handbook_copy / "site" / "index.html").read_text(encoding="utf-8")
    compiled: list[str | None] = []
    compile_template = Environment.compile

    def counting(env: Environment, source: str, name: str | None = None,
                 *args: object, **kwargs: object) -> object:
        compiled.append(name)
        return compile_template(env, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Environment, "compile", counting)
    shutil.rmtree(handbook_copy / "site")
    build_site(config, handbook_copy / "site")
    assert compiled == []
    assert (handbook_copy / "site" / "index.html").read_text(encoding="utf-8") == first


class _Planted:
    """A pickle that runs code when it is loaded: what a hostile pull request could commit as
    build/cache/indhold.pickle (build/ is ignored by Git, but `git add -f` adds it anyway)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[Path]]:
        return (Path.touch, (self.marker,))


def test_a_cache_file_not_signed_with_this_users_key_is_never_unpickled(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_dir = tmp_path / "build"
    build.load_checked(content, build_dir)
    stored = build_dir / cache.CACHE_FOLDER / cache.CACHE_FILE
    assert stored.is_file()
    marker = tmp_path / "koert"
    for signature in (b"\0" * 32, stored.read_bytes()[:32]):  # none, and another file's
        stored.write_bytes(signature + pickle.dumps(_Planted(marker)))
        cache.clear()
        build._last_checked = None
        build.load_checked(content, build_dir)
        assert not marker.exists() and cache.FILES.hits == 0

    # A cache signed with another user's key (another machine's CI cache) is not used either.
    build.load_checked(content, build_dir)  # nothing new: the planted file stays as it is
    cache.FILES.dirty = True
    cache.persist(build_dir)
    monkeypatch.setenv(cache.KEY_ENV, str(tmp_path / "en-anden"))
    cache.clear()
    build._last_checked = None
    build.load_checked(content, build_dir)
    assert cache.FILES.hits == 0 and cache.FILES.misses > 0


# --- handbook serve --------------------------------------------------------------------------


def test_the_preview_writes_the_edited_page_before_the_long_listings(content: Path) -> None:
    """`handbook serve` writes the edited item's page, waits for the engine (`between`), and
    only then the listings that show it too (the catalogue's pages of hundreds of entries)."""
    from build_tools import docs_tree
    from build_tools.project import Project
    from build_tools.resolve import Options

    config = content.parent / "mkdocs.yml"
    config.write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    project = Project.load(config)
    build.write(project, Options(), preview=True)
    retitle(content / "indsatser" / "tvaersteam.yml", " (rettet)")
    docs = project.docs_dir
    seen: list[tuple[bool, bool]] = []

    def between() -> None:
        seen.append(("rettet" in (docs / "indsatser" / "tvaersteam.md").read_text("utf-8"),
                     "rettet" in (docs / "indsatser" / "index.md").read_text("utf-8")))

    build._last_checked = None
    build.write(project, Options(), preview=True, between=between)
    assert seen == [(True, False)]  # the page first, the catalogue after the engine's rebuild
    assert "rettet" in (docs / "indsatser" / "index.md").read_text("utf-8")

    seen.clear()
    build._last_checked = None
    written = docs_tree.write_docs(project, build.generate_site(project, Options()).site, True,
                                   between)
    assert seen == [] and written.written == []  # nothing changed: no wait


def test_the_benchmark_measures_generation_cold_after_an_edit_and_with_the_file_cache(
        tmp_path: Path) -> None:
    """benchmarks/run.py's generation task (its figures are only read by people): cold, then
    after one edit in the same process, then in a new process with build/cache."""
    import json
    import subprocess
    import sys

    script = REPO / "benchmarks" / "run.py"
    sys.path.insert(0, str(script.parent))
    try:
        import run  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(script.parent))
    run.synthetic_handbook(tmp_path, 5)

    def generate(*extra: str) -> dict[str, object]:
        done = subprocess.run([sys.executable, str(script), "--child", "generate",
                               str(tmp_path / "mkdocs.yml"), *extra],
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]

    cold = generate("edit")
    assert cold["pages"] == cold["warm"]["pages"]  # type: ignore[index]
    assert "(ændret)" in (tmp_path / "build" / "docs" / "indsatser" / "indsats-2.md").read_text(
        encoding="utf-8")
    assert (tmp_path / "build" / "cache" / cache.CACHE_FILE).is_file()
    assert generate()["pages"] == cold["pages"]
