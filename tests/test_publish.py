"""`handbook udgiv DEST`: a checked build copied to a folder or share, in place only when
complete, the previous version kept for rollback, and no edition ever lost; and the shipped
nginx configuration is the one the code generates."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from build_tools import nginx, publish
from build_tools.cli import main

REPO = Path(__file__).parent.parent


def site(folder: Path, text: str, editions: dict[str, list[str]] | None = None) -> Path:
    """A small built site: index.html saying `text`, a page, and edition files."""
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(f"<p>{text}</p>", encoding="utf-8")
    (folder / "indsatser").mkdir()
    (folder / "indsatser" / "tvaersteam.html").write_text(text, encoding="utf-8")
    (folder / ".bygger").write_text("", encoding="utf-8")  # a build's lock: never published
    for dato, files in (editions or {}).items():
        for name in files:
            path = folder / "udgaver" / dato / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"{dato} {name}", encoding="utf-8")
    return folder


def served(dest: Path) -> str:
    return (dest / "aktuel" / "index.html").read_text(encoding="utf-8")


def test_udgiv_puts_the_new_version_in_place_and_keeps_the_previous(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "share"
    first = site(tmp_path / "a", "første")
    second = site(tmp_path / "b", "anden")
    assert main(["udgiv", str(dest), "--site-dir", str(first)]) == 0
    assert served(dest) == "<p>første</p>"
    assert main(["udgiv", str(dest), "--site-dir", str(second)]) == 0
    out = capsys.readouterr().out
    assert f"Udgivet: 2 filer (0,0 MB) i {dest / 'aktuel'}, skiftet i ét skridt; den forrige " \
           f"version ligger i {dest / 'forrige'}." in out
    assert served(dest) == "<p>anden</p>"
    assert (dest / "forrige" / "index.html").read_text(encoding="utf-8") == "<p>første</p>"
    assert not (dest / "aktuel" / ".bygger").exists()
    assert sorted(p.name for p in dest.iterdir()) == [".udgiv.lock", "aktuel", "forrige"]
    mask = os.umask(0)
    os.umask(mask)
    for path in (dest / "aktuel", dest / "aktuel" / "indsatser"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o777 & ~mask  # readable by the server


def test_rollback_exchanges_the_versions_and_again_rolls_forward(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "share"
    publish.publish(site(tmp_path / "a", "første"), dest)
    publish.publish(site(tmp_path / "b", "anden"), dest)
    assert main(["udgiv", str(dest), "--rul-tilbage"]) == 0
    assert served(dest) == "<p>første</p>"
    assert "Rullet tilbage" in capsys.readouterr().out
    assert main(["udgiv", str(dest), "--rul-tilbage"]) == 0
    assert served(dest) == "<p>anden</p>"


def test_rollback_without_a_previous_version_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "share"
    publish.publish(site(tmp_path / "a", "første"), dest)
    assert main(["udgiv", str(dest), "--rul-tilbage"]) == 1
    assert capsys.readouterr().err == (
        f"Afbrudt: der er ingen tidligere version at rulle tilbage til i {dest}.\n")


def test_a_site_without_an_edition_the_published_one_has_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "share"
    publish.publish(site(tmp_path / "a", "med", {"2026-10-01": ["index.html", "pdf/handbog.pdf"],
                                                  "2026-11-01": ["index.html"]}), dest)
    lacking = site(tmp_path / "b", "uden", {"2026-10-01": ["index.html"]})
    assert main(["udgiv", str(dest), "--site-dir", str(lacking)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "udgaver/2026-10-01/: 1 filer fra det offentliggjorte site mangler i det nye "
        "(fx pdf/handbog.pdf)",
        "udgaver/2026-11-01/: udgaven findes på det offentliggjorte site, men ikke i det nye "
        "(er tagget slettet, eller mangler Git-historikken?)",
        "Afbrudt: en udgave må aldrig forsvinde fra det offentliggjorte site; intet er ændret "
        f"i {dest}.",
    ]
    assert served(dest) == "<p>med</p>" and not (dest / "forrige").exists()
    assert [p.name for p in dest.iterdir() if p.name.startswith(".ny-")] == []
    more = site(tmp_path / "c", "flere", {"2026-10-01": ["index.html", "pdf/handbog.pdf"],
                                           "2026-11-01": ["index.html"],
                                           "2026-12-01": ["index.html"]})
    assert main(["udgiv", str(dest), "--site-dir", str(more)]) == 0


def test_a_folder_that_is_not_a_built_site_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tom").mkdir()
    assert main(["udgiv", str(tmp_path / "share"), "--site-dir", str(tmp_path / "tom")]) == 1
    assert "er ikke et bygget site (index.html mangler)" in capsys.readouterr().err


def test_a_half_copied_version_left_by_a_killed_udgiv_is_removed_and_never_served(
        tmp_path: Path) -> None:
    dest = tmp_path / "share"
    publish.publish(site(tmp_path / "a", "første"), dest)
    (dest / ".ny-abc123").mkdir()
    (dest / ".ny-abc123" / "index.html").write_text("halv", encoding="utf-8")
    publish.publish(site(tmp_path / "b", "anden"), dest)
    assert not (dest / ".ny-abc123").exists() and served(dest) == "<p>anden</p>"


def test_a_content_error_publishes_nothing(
        handbook_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = handbook_copy / "content" / "indsatser" / "tvaersteam.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("trin: 2", "trin: tre"),
                    encoding="utf-8")
    dest = tmp_path / "share"
    assert main(["--config", str(handbook_copy / "mkdocs.yml"), "udgiv", str(dest)]) == 1
    assert "content/indsatser/tvaersteam.yml:" in capsys.readouterr().err
    assert not (dest / "aktuel").exists()


def test_the_shipped_nginx_configuration_is_the_generated_one() -> None:
    shipped = (REPO / "deploy" / "nginx" / "haandbog.conf").read_text(encoding="utf-8")
    assert shipped == nginx.server_config(), (
        "deploy/nginx/haandbog.conf is out of date: run handbook nginx --out "
        "deploy/nginx/haandbog.conf")
    assert main(["nginx", "--out", str(REPO / "deploy" / "nginx" / "haandbog.conf"),
                 "--check"]) == 0


def test_the_ci_files_publish_from_the_default_branch_with_the_whole_history() -> None:
    import yaml

    gitlab = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    pages = gitlab["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"]["paths"] == ["public"] and "cp -a site public" in pages["script"][-1]
    assert pages["variables"]["GIT_DEPTH"] == "0"  # every tag: the editions
    assert any("./dev build" in line for line in pages["script"])
    assert all(cache["key"].endswith("-$CI_DEFAULT_BRANCH") for cache in pages["cache"])
    github = yaml.safe_load((REPO / ".github" / "workflows" / "publish.yml").read_text("utf-8"))
    on = github[True]  # YAML reads the key `on` as true
    assert list(on["push"]["branches"]) == ["main"]
    build, deploy = github["jobs"]["byg"], github["jobs"]["udgiv"]
    assert build["if"] == "github.ref_name == github.event.repository.default_branch"
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    assert any(s.get("run") == "./dev build" for s in build["steps"])
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact")
               and s["with"]["path"] == "site/" for s in build["steps"])
    assert deploy["needs"] == "byg" and deploy["permissions"]["pages"] == "write"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages")


def test_a_link_in_place_of_the_published_folder_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "share"
    dest.mkdir()
    (tmp_path / "andet").mkdir()
    (dest / "aktuel").symlink_to(tmp_path / "andet")
    assert main(["udgiv", str(dest), "--site-dir", str(site(tmp_path / "a", "x"))]) == 1
    assert capsys.readouterr().err == (
        f"Afbrudt: {dest / 'aktuel'} er ikke en almindelig mappe (et link eller en fil); udgiv "
        "skifter mapperne selv. Flyt den væk, og prøv igen.\n")
    assert (dest / "aktuel").is_symlink()


def test_udgiv_checks_builds_and_publishes_the_handbook(
        handbook_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "share"
    assert main(["--config", str(handbook_copy / "mkdocs.yml"), "udgiv", str(dest)]) == 0
    out = capsys.readouterr().out
    assert "OK: " in out and "Sitet er bygget i" in out and f"i {dest / 'aktuel'}" in out
    assert "Tværsteam" in (dest / "aktuel" / "indsatser" / "tvaersteam.html").read_text("utf-8")
    assert (dest / "aktuel" / "pdf" / "handbog.pdf").is_file()
    assert (dest / "aktuel" / "udgaver" / "index.html").is_file()
