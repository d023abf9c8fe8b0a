"""What staff see on every page, checked on built HTML (the browser tests check layout)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from build_tools.build import build_site

MAILTO = re.compile(r'<a href="(mailto:[^"]+)">Er der fejl eller noget uklart på siden\?</a>')


def test_the_feedback_link_carries_the_page_title_and_address(handbook_copy: Path) -> None:
    config = handbook_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "site_url: https://intra.example/haandbog/\n"
                      + "extra:\n  feedback_email: haandbog@kommune.example\n",
                      encoding="utf-8")
    site = build_site(config)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        if page.name == "404.html":
            continue
        match = MAILTO.search(page.read_text(encoding="utf-8"))
        assert match, f"{page.relative_to(site)} has no feedback link"
    flow = (site / "vejviser" / "bekymring-0-6.html").read_text(encoding="utf-8")
    href = html.unescape(MAILTO.search(flow).group(1))
    parts = urlsplit(href)
    assert unquote(parts.path) == "haandbog@kommune.example"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Håndbogen: Bekymring for et barn 0–6 år"]
    assert "https://intra.example/haandbog/vejviser/bekymring-0-6.html" in query["body"][0]


def test_no_feedback_link_without_an_address(handbook_copy: Path) -> None:
    site = build_site(handbook_copy / "mkdocs.yml")
    assert "Er der fejl eller noget uklart" not in (site / "index.html").read_text("utf-8")


# --- numbers you can tap (issue 26) -----------------------------------------------------------

REPO = Path(__file__).parent.parent
TEL = re.compile(r'<a class="hb-tel" href="tel:([^"]+)">([^<]+)</a>|\[([^\]]+)\]\(tel:([^)]+)\)')
REGISTER = """\
id: kontakter
titel: Hvem ringer du til?
resume: Numrene.
status: udkast
ejer: Center for Familie og Rådgivning
sidst_revideret: 2026-12-02
naeste_revision: 2027-06-02
kilder: [testkilde]
aendringer:
  - dato: 2026-12-02
    tekst: Første udgave.
kontakter:
  - id: alarm
    navn: Alarmcentralen
    telefon: "112"
    hvornaar: Barnet er i fare lige nu
  - id: kommunen
    navn: Frederikssund Kommune
    telefon: "47 35 10 00"
    hvornaar: Underret med det samme
    kilde: testkilde
"""


def _tel_links(markdown: str) -> list[tuple[str, str]]:
    """(target, visible text) of every tel: link in a page's Markdown."""
    return [("tel:" + (m.group(1) or m.group(4)), m.group(2) or m.group(3))
            for m in TEL.finditer(markdown)]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_link_numbers_links_register_numbers_only_in_running_text() -> None:
    from build_tools.kontakter import link_numbers
    from build_tools.model import Kontakt, Kontaktregister

    register = Kontaktregister.model_construct(kontakter=[
        Kontakt(id="alarm", navn="A", telefon="112", hvornaar="Nu"),
        Kontakt(id="kommunen", navn="K", telefon="47 35 10 00", hvornaar="Nu"),
    ])
    text = ("Ring 112 eller **47 35 10 00** eller 47351000.\n"
            "!!! danger \"Ring 112\"\n"
            "## Ring 112\n"
            "Barnets Lov § 112, 1.112 kr., 41127, [ring 112](tel:112), `112`, 47 35 10 001")
    out = link_numbers(text, register)
    assert out.splitlines()[0] == ("Ring [112](tel:112) eller **[47 35 10 00](tel:+4547351000)**"
                                   " eller [47351000](tel:+4547351000).")
    assert out.splitlines()[1:] == text.splitlines()[1:]


def test_every_tel_link_shows_the_digits_it_calls() -> None:
    from build_tools.build import generate

    site = generate(REPO / "content").site
    seen = 0
    for path, page in site.pages.items():
        for target, shown in _tel_links(page.markdown):
            seen += 1
            assert _digits(target).removeprefix("45") == _digits(shown), (path, target, shown)
    assert seen > 30


def test_akut_box_and_every_akut_level_have_the_three_numbers() -> None:
    from build_tools.build import generate

    site = generate(REPO / "content").site
    wanted = {"tel:112", "tel:+4547351000", "tel:+4549271448"}
    for path in ("index.md", "vejviser/bekymring-0-6.md", "vejviser/akut-vold-og-overgreb.md",
                 "vejviser/ulovligt-skolefravaer.md", "kontakter.md"):
        box = site.pages[path].markdown.split('<div class="hb-akut"', 1)[1].split("</div>", 1)[0]
        assert wanted <= {target for target, _ in _tel_links(box)}, path
    flow = site.pages["vejviser/akut-vold-og-overgreb.md"].markdown
    level = flow.split('id="akut" aria-hidden="true">', 1)[1].split("</details>", 1)[0]
    assert wanted <= {target for target, _ in _tel_links(level)}
    assert "så ring [112](tel:112)" in level  # the level's own text: ring 112 is tappable


def test_every_level_that_means_reporting_says_how() -> None:
    from build_tools.build import generate
    from build_tools.loader import load

    loaded = load(REPO / "content")
    site = generate(REPO / "content").site
    levels = 0
    for flow in loaded.items["vejvisere"].values():
        page = site.pages[f"vejviser/{flow.id}.md"].markdown
        assert page.count('id="pligt"') == 1, flow.id  # the duty box once per flow
        for niveau in flow.model.niveauer:
            body = page.split(f'id="{niveau.id}" aria-hidden="true">', 1)[1]
            body = body.split("</details>", 1)[0]
            if not niveau.underretning:
                assert "Sådan underretter du" not in body
                continue
            levels += 1
            assert "<strong>Sådan underretter du</strong>" in body, (flow.id, niveau.id)
            assert {"tel:+4547351000", "tel:+4549271448"} <= {t for t, _ in _tel_links(body)}
            # no source gives the form's address or anonymity: both are gaps, linked
            assert "linket til kommunens skema for fagpersoner mangler endnu" in body
            assert "om du som fagperson kan underrette anonymt, står ikke i håndbogen" in body
    assert levels == 8


def test_a_sourced_form_address_is_shown_as_the_channel(handbook_copy: Path) -> None:
    from build_tools.build import generate

    folder = handbook_copy / "content" / "kontakter"
    folder.mkdir()
    (folder / "kontakter.yml").write_text(REGISTER + """\
  - id: politi
    navn: Nordsjællands Politi
    telefon: "49 27 14 48"
    hvornaar: Uden for åbningstid
underretning:
  skema: https://www.example.dk/underret
  skema_kilde: testkilde
""", encoding="utf-8")
    site = generate(handbook_copy / "content").site
    page = site.pages["vejviser/bekymring-0-6.md"].markdown
    assert ('Skriftligt: <a href="https://www.example.dk/underret">kommunens underretningsskema '
            "for fagpersoner</a>.") in page
    assert "mangler endnu" not in page
    # the contact page names the source of the address, as it does for every number
    contacts = site.pages["kontakter.md"].markdown
    assert ("Underretningsskemaet for fagpersoner: *Kilde:* Frederikssund Kommune: Testkilde"
            in contacts)
    assert "Om du kan underrette anonymt" not in contacts  # no such fact, no source line


def test_a_register_without_the_police_number_is_a_check_error(handbook_copy: Path,
                                                               capsys) -> None:
    from build_tools.cli import main

    folder = handbook_copy / "content" / "kontakter"
    folder.mkdir()
    (folder / "kontakter.yml").write_text(REGISTER, encoding="utf-8")
    assert main(["--content", str(handbook_copy / "content"), "check"]) == 1
    err = capsys.readouterr().err.replace(str(handbook_copy) + "/", "")
    assert ("content/kontakter/kontakter.yml:12: kontakter: mangler kontakten 'politi' "
            "(alarm: 112, kommunen: kommunens nummer for underretninger, politi: uden for "
            "åbningstid)") in err
    assert "Traceback" not in err


def test_navigation_is_by_task() -> None:
    from build_tools.build import generate

    nav = generate(REPO / "content").site.nav
    titles = [next(iter(entry)) for entry in nav]
    assert titles[:3] == ["Forside", "Akut", "Vejviser"]
    akut = [next(iter(e.values())) for e in nav[1]["Akut"]]
    assert akut == ["vejviser/akut-vold-og-overgreb.md", "kontakter.md"]
    assert "vejviser/akut-vold-og-overgreb.md" not in str(nav[2])  # in the nav once
    about = next(e["Om strategien"] for e in nav if "Om strategien" in e)
    assert [next(iter(e)) for e in about] == [
        "Strategien", "Værdisæt", "Fælles ansvar: hvem gør hvad?", "Organisering",
        "Prøvehandlinger", "Statusrapporter"]
    for register in ("Kilder", "Lovhenvisninger", "Statusrapporter", "Organisering"):
        assert register not in titles
    handbook = next(e["Om håndbogen"] for e in nav if "Om håndbogen" in e)
    assert {"Kilder": "kilder.md"} in handbook
    assert {"For redaktører": "om/redaktoerer.md"} in handbook
