"""Incremental generation: what a check or a build can reuse from the previous one.

Two caches, both keyed by content (never by a file's time alone), so a stale entry can only be
missed, never trusted:

- **Validated files** (`load_item`): a content file's item and problems, keyed by its type, path,
  display name and the hash of its text, and by the code version (`CODE_VERSION`: every module
  and template of build_tools and the libraries that parse and validate). In memory for
  `handbook serve` and repeated calls in one process; `persist(build_dir)` keeps it in
  `build/cache/` for the next command: a pickle, signed (HMAC) with a key kept in the user's
  cache folder, outside the checkout, so a cache file that came with a pull request is never
  unpickled; a corrupt, unsigned, foreign or stale file is ignored.
  Per-item check results (`per_item`) are kept in the same entries: they depend on the item's
  text and the check's key alone. Rules across files (references, uniqueness, links) run on
  every check.
- **Rendered pages** (`Incremental`): a page made from one item is rendered again only when
  its key changes: the item, every item it refers to, every item that refers to it (the
  "bruges i" back-links, a source's users), or the shared inputs every page may show (the
  registers: glossary, sources, provisions, contacts; the legal callout; the Akut steps; the
  catalogue's tag pages; the options and which drafts are hidden; the code version). A listing
  page (a catalogue tag page, a section overview) is keyed by the items it lists. Everything
  else (the registers' pages, the status reports, "Hvad er nyt", the navigation) is made every
  time: it reads everything. The pages are kept with the validated files (`persist`), so the
  next `handbook build` renders only what changed since.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

from build_tools import files
from build_tools.problems import Problem

if TYPE_CHECKING:
    from build_tools.items import Item, Loaded, SourceFile

Page = TypeVar("Page")
"""A rendered page (render.Page; this module sits below the writers and names none of them)."""

PACKAGE = Path(__file__).parent
LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "Jinja2", "Markdown", "MarkupSafe")
CACHE_FOLDER = "cache"
"""Under the project's build folder."""
CACHE_FILE = "indhold.pickle"
FRAGMENTS_LIMIT = 50_000
"""Most remembered scans and page fragments; a long `handbook serve` session starts again."""
ENABLED_ENV = "HANDBOOK_CACHE"
"""Set to 0 (or empty) to turn both caches off (the benchmark's cold runs)."""


def _code_version() -> str:
    """A hash of every module and template of build_tools and the versions of the libraries
    that read, validate and render content: a cache made by other code is never used."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".j2", ".txt") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(library.encode())
    return digest.hexdigest()


CODE_VERSION = _code_version()


def enabled() -> bool:
    return os.environ.get(ENABLED_ENV, "1") not in ("", "0")


def text_digest(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


# --- validated files ---------------------------------------------------------------------------


@dataclass
class FileEntry:
    digest: str
    display: str
    relative: str
    model: str
    """The type's model (module and name): a type re-declared (tests) is another key."""
    item: Item | None
    problems: list[Problem]
    checks: dict[str, tuple[str, list[Problem]]] = field(default_factory=dict)
    """Check function → (its key, the item's problems): the per-item checks, kept with the
    file so a new process reuses them too."""


@dataclass
class FileCache:
    entries: dict[tuple[str, str], FileEntry] = field(default_factory=dict)
    loaded_from: Path | None = None
    """The build folder whose persisted cache was read (once per process)."""
    hits: int = 0
    misses: int = 0
    dirty: bool = False
    """Entries were added or dropped since the cache was last read or written."""


FILES = FileCache()
"""The one file cache of this process (handbook serve keeps it across edits)."""


_MODELS: dict[int, tuple[type, str]] = {}


def _model_name(kind: str) -> str:
    """The type's model by name and JSON Schema: the same in every process running the same
    code, different for a type declared anew (tests, extensions outside build_tools)."""
    import json

    from build_tools.registry import TYPES

    model = TYPES[kind].model
    known = _MODELS.get(id(model))
    if known is None or known[0] is not model:
        schema = json.dumps(model.model_json_schema(), sort_keys=True, default=str)
        known = (model, f"{model.__module__}.{model.__qualname__}:{text_digest(schema)}")
        _MODELS[id(model)] = known
    return known[1]


def load_item(kind: str, source: SourceFile,
              load: Callable[[str, SourceFile], tuple[Item | None, list[Problem]]],
              ) -> tuple[Item | None, list[Problem]]:
    """`load(kind, source)` (the loader's parse and validate), reused while the file's text,
    name, type and the code are the same. A reused item is the same object as before, so the
    per-item caches below recognise it."""
    if not enabled():
        return load(kind, source)
    assert source.text is not None
    key = (kind, source.path.as_posix())
    digest = text_digest(CODE_VERSION, source.text)
    model = _model_name(kind)
    entry = FILES.entries.get(key)
    if (entry is not None and entry.digest == digest and entry.display == source.display
            and entry.relative == source.relative and entry.model == model):
        FILES.hits += 1
        return entry.item, list(entry.problems)
    FILES.misses += 1
    FILES.dirty = True
    item, problems = load(kind, source)
    FILES.entries[key] = FileEntry(digest, source.display, source.relative, model, item,
                                   list(problems))
    return item, problems


def forget_missing(present: Iterable[tuple[str, str]]) -> None:
    """Drop the entries of files that are gone (a long `handbook serve` stays small)."""
    keep = set(present)
    for key in [key for key in FILES.entries if key not in keep]:
        del FILES.entries[key]
        FILES.dirty = True


def _cache_file(build_dir: Path) -> Path:
    return build_dir / CACHE_FOLDER / CACHE_FILE


KEY_ENV = "HANDBOOK_CACHE_KEY_DIR"
"""Where the key that signs persisted caches is kept (default: the user's cache folder)."""


def _signing_key() -> bytes | None:
    """This user's key for signing the persisted cache, kept outside the checkout (a pickle is
    code: a cache file committed into a pull request must never be loaded). None when there is
    no private place to keep it; then nothing is persisted."""
    base = os.environ.get(KEY_ENV) or os.environ.get("XDG_CACHE_HOME") or str(
        Path.home() / ".cache")
    path = Path(base) / "haandbog" / "cache-key"
    try:
        key: bytes | None = path.read_bytes()
    except FileNotFoundError:
        key = None  # made here; O_EXCL: two processes never both write one
    except OSError:
        return None
    if key is not None and len(key) >= 32:
        return key
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace = os.O_TRUNC if key is not None else os.O_EXCL  # a short key is replaced
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | replace, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_bytes(32))
        return path.read_bytes()
    except OSError:
        return None


def _signature(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def restore(build_dir: Path) -> None:
    """Read the persisted file cache of `build_dir` once per process. Anything wrong with it
    (missing, corrupt, made by other code) leaves the cache empty: it is only ever a shortcut."""
    if not enabled() or FILES.loaded_from == build_dir:
        return
    FILES.loaded_from = build_dir
    key = _signing_key()
    if key is None:
        return
    try:
        data = _cache_file(build_dir).read_bytes()
        signature, data = data[:32], data[32:]
        if not hmac.compare_digest(signature, _signature(key, data)):
            return  # not written by this user's handbook: never unpickled
        version, entries, pages = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a broken cache is ignored, whatever is broken in it
        return
    if version != CODE_VERSION or not isinstance(entries, dict) or not isinstance(pages, dict):
        return
    for key, entry in entries.items():
        if isinstance(entry, FileEntry) and key not in FILES.entries:
            FILES.entries[key] = entry
    if not PAGES.pages:
        PAGES.pages.update(pages)


def persist(build_dir: Path) -> None:
    """Write the file cache and the rendered pages into `build_dir/cache/` (atomically;
    failures are ignored: the next command just validates and renders again)."""
    if not enabled() or not FILES.entries or not (FILES.dirty or PAGES.dirty):
        return
    FILES.dirty = PAGES.dirty = False
    key = _signing_key()
    if key is None:
        return
    target = _cache_file(build_dir)
    try:
        data = pickle.dumps((CODE_VERSION, FILES.entries, PAGES.pages),
                            protocol=pickle.HIGHEST_PROTOCOL)
        files.write_bytes(target, _signature(key, data) + data)
    except (OSError, pickle.PicklingError):
        return


_TEXTS: dict[str, Any] = {}


def memo(name: str, text: str, function: Callable[[str], Any]) -> Any:
    """`function(text)`, made once per text (a scan of one file's text, e.g. for CPR numbers;
    the result must not be changed)."""
    if not enabled():
        return function(text)
    key = text_digest(name, text)
    if key not in _TEXTS:
        if len(_TEXTS) >= FRAGMENTS_LIMIT:
            _TEXTS.clear()
        _TEXTS[key] = function(text)
    return _TEXTS[key]


# --- per-item results --------------------------------------------------------------------------


@dataclass
class _Memo:
    item: Item
    value: Any


_DUMPS: dict[int, _Memo] = {}


def dump(item: Item) -> dict[str, Any]:
    """`item.model.model_dump()`, made once per item object (do not change the result)."""
    memo = _DUMPS.get(id(item))
    if memo is None or memo.item is not item:
        memo = _Memo(item, item.model.model_dump())
        _DUMPS[id(item)] = memo
    value: dict[str, Any] = memo.value
    return value


def per_item(check: Callable[[Loaded], list[Problem]], loaded: Loaded,
             key: str = "", context: tuple[str, ...] = ()) -> list[Problem]:
    """A check whose problems for an item depend on that item alone (and on `key`, e.g. today's
    date, which must name everything else it reads): run only on the items it has not seen,
    the rest reused. The items of the `context` types are always passed (a register the check
    reads). Problems are matched to their item by its file's display name."""
    if not enabled():
        return check(loaded)
    name = f"{check.__module__}.{check.__qualname__}"
    todo: dict[str, dict[str, Item]] = {}
    for kind, items in loaded.items.items():
        for item_key, item in items.items():
            entry = _entry_of(item)
            known = entry.checks.get(name) if entry is not None else None
            if known is None or known[0] != key or kind in context:
                todo.setdefault(kind, {})[item_key] = item
    results: dict[int, list[Problem]] = {}
    if todo:
        found = check(type(loaded)(loaded.root, todo, [], [], loaded.failed))
        by_file: dict[str, list[Problem]] = {}
        for problem in found:
            by_file.setdefault(problem.path, []).append(problem)
        for items in todo.values():
            for item in items.values():
                results[id(item)] = by_file.get(item.source.display, [])
                entry = _entry_of(item)
                if entry is not None:
                    entry.checks[name] = (key, results[id(item)])
                    FILES.dirty = True
    problems: list[Problem] = []
    for items in loaded.items.values():
        for item in items.values():
            if id(item) in results:
                problems += results[id(item)]
            else:
                entry = _entry_of(item)
                assert entry is not None
                problems += entry.checks[name][1]
    return problems


def _entry_of(item: Item) -> FileEntry | None:
    """The file cache's entry holding this very item, if any."""
    entry = FILES.entries.get((item.kind, item.source.path.as_posix()))
    return entry if entry is not None and entry.item is item else None


def prune(loaded: Loaded) -> None:
    """Forget per-item results of items no longer loaded."""
    live = {id(item) for items in loaded.items.values() for item in items.values()}
    for memo_key in [k for k in _DUMPS if k not in live]:
        del _DUMPS[memo_key]


# --- compiled templates -----------------------------------------------------------------------


class CompiledTemplates(BytecodeCache):
    """Jinja2's compiled templates kept in memory for the process: every build makes a new
    environment, and compiling the templates again took longer than rendering the changed
    pages. Jinja2 checks each template's source against the checksum; the key adds the
    environment's settings that change the compiled code."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        settings = (environment.trim_blocks, environment.lstrip_blocks,
                    environment.keep_trailing_newline,
                    getattr(environment.finalize, "__qualname__", repr(environment.finalize)),
                    sorted(environment.extensions))
        key = self.get_cache_key(name, filename) + text_digest(repr(settings))
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()


# --- rendered pages ----------------------------------------------------------------------------


def item_digest(item: Item) -> str:
    """An item as its pages see it: its type, file and text."""
    return text_digest(item.kind, item.source.path.as_posix(), item.source.relative,
                       item.source.text or "")


@dataclass
class PageCache(Generic[Page]):
    pages: dict[str, tuple[str, Page]] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)
    """The pages the last render_site rendered, those made every time included (the rest were
    reused): tests count them."""
    reused: int = 0
    dirty: bool = False
    """Pages were rendered or dropped since the cache was last read or written."""


PAGES: PageCache[Any] = PageCache()


class Incremental:
    """The page keys of one render of the site (see the module docstring)."""

    def __init__(self, handbook: Any) -> None:
        """`handbook`: the resolved handbook (resolve.Handbook)."""
        from build_tools.registry import TYPES, owners, page_path, walk

        self.handbook = handbook
        content = handbook.content
        self.digests: dict[int, str] = {}
        related: dict[int, set[int]] = {}
        by_id: dict[int, Item] = {}
        holders = owners(content)
        for kind, items in content.items.items():
            references = TYPES[kind].every_reference if kind in TYPES else ()
            for item in items.values():
                by_id[id(item)] = item
                self.digests[id(item)] = item_digest(item)
                data = dump(item)
                for reference in references:
                    for _, target in walk(data, reference.path):
                        other = holders.get(reference.target, {}).get(target)
                        if other is not None and other is not item:
                            related.setdefault(id(item), set()).add(id(other))
                            related.setdefault(id(other), set()).add(id(item))
        shared = [CODE_VERSION, repr(handbook.options), repr(sorted(handbook.hidden))]
        for kind, content_type in TYPES.items():  # the registers every page may read
            if content_type.single_page:
                shared += [self.digests[id(i)] for i in content.items.get(kind, {}).values()]
        shared += [repr(handbook.sources), repr(handbook.provisions), repr(handbook.glossary)]
        if handbook.underretning is not None:
            shared.append(item_digest(handbook.underretning))
        # The Akut steps every page links to: what a page shows of them (the flow's address
        # and title, the level's anchor), not the whole flow, so editing a flow's text renders
        # its own pages and what lists it, not every page.
        shared += [repr((page_path(use.flow), use.flow.model.titel, use.level,
                         use.flow.model.niveauer[use.level].id)) for use in handbook.akut_steps]
        self.shared = text_digest(*shared)
        self.related = {key: sorted(self.digests[other] for other in others if other in
                                    self.digests) for key, others in related.items()}
        PAGES.rendered = []
        PAGES.reused = 0
        self.seen: set[str] = set()
        self.reused: set[str] = set()

    def item_key(self, item: Item, template: str, path: str) -> str:
        digest = self.digests.get(id(item)) or item_digest(item)
        return text_digest(self.shared, template, path, digest, *self.related.get(id(item), ()))

    def listing_key(self, template: str, path: str, items: Iterable[Item], *extra: str,
                    related: bool = False) -> str:
        """The key of a page listing `items` (with `related`, also what each of them refers to
        and is referred to by)."""
        parts = [self.shared, template, path, *extra]
        for item in items:
            parts.append(self.digests.get(id(item)) or item_digest(item))
            if related:
                parts += self.related.get(id(item), ())
        return text_digest(*parts)

    def page(self, path: str, key: str, render: Callable[[], Page]) -> Page:
        """The page at `path`: the previous one when its key is the same, else rendered."""
        self.seen.add(path)
        if enabled():
            cached = PAGES.pages.get(path)
            if cached is not None and cached[0] == key:
                PAGES.reused += 1
                self.reused.add(path)
                reused: Page = cached[1]
                return reused
        page = render()
        if enabled():
            PAGES.pages[path] = (key, page)
            PAGES.dirty = True
        return page

    def finish(self, made: Iterable[str]) -> None:
        """Note which of the pages `made` were rendered (not reused), and forget the pages
        this render did not make (a removed item's page)."""
        PAGES.rendered = [path for path in made if path not in self.reused]
        for path in [p for p in PAGES.pages if p not in self.seen]:
            del PAGES.pages[path]
            PAGES.dirty = True


FRAGMENTS: dict[tuple[str, str], Any] = {}
"""Parts of a page that read one item only (a catalogue card), by the item and the page's
folder (their links are relative): a listing of 2,000 entries re-renders one card, not 2,000."""


def fragment(item: Item, folder: str) -> Any:
    if not enabled():
        return None
    return FRAGMENTS.get((item_digest(item), folder))


def keep_fragment(item: Item, folder: str, value: Any) -> None:
    if not enabled():
        return
    if len(FRAGMENTS) >= FRAGMENTS_LIMIT:  # a long serve session: start again
        FRAGMENTS.clear()
    FRAGMENTS[(item_digest(item), folder)] = value


def clear() -> None:
    """Empty every cache of this process (tests)."""
    FILES.entries.clear()
    FILES.loaded_from = None
    FILES.hits = FILES.misses = 0
    FILES.dirty = False
    _DUMPS.clear()
    PAGES.pages.clear()
    FRAGMENTS.clear()
    _TEXTS.clear()
    PAGES.rendered = []
    PAGES.reused = 0
    PAGES.dirty = False
