from __future__ import annotations

from datetime import date
from pathlib import Path

from build_tools.build import generate
from build_tools.render import dansk_dato, relative_link

FIXTURE = Path(__file__).parent / "fixtures" / "handbook" / "content"


def test_danish_dates() -> None:
    assert dansk_dato(date(2026, 11, 3)) == "3. november 2026"


def test_relative_links_between_pages() -> None:
    assert relative_link("indsatser/x.md", "vejviser/y.md#gul") == "../vejviser/y.md#gul"
    assert relative_link("index.md", "ordliste.md#tti") == "ordliste.md#tti"
    assert relative_link("indsatser/index.md", "indsatser/x.md") == "x.md"


def test_every_item_gets_a_page_with_its_governance() -> None:
    site = generate(FIXTURE).site
    page = site.pages["indsatser/tvaersteam.md"]
    assert page.source == "content/indsatser/tvaersteam.yml"
    for text in ("Udkast", "Center for Familie og Rådgivning", "1. november 2026",
                 "1. november 2027", "Testkilde", "læst 20. november 2026"):
        assert text in page.markdown


def test_catalogue_entry_links_back_to_the_flow_step_that_uses_it() -> None:
    page = generate(FIXTURE).site.pages["indsatser/tvaersteam.md"]
    assert "## Bruges i vejviser" in page.markdown
    assert "(../vejviser/bekymring-0-6.md#groen)" in page.markdown


def test_yaml_values_cannot_inject_html(handbook_copy: Path) -> None:
    path = handbook_copy / "content" / "indsatser" / "tvaersteam.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("titel: Tværsteam", 'titel: "<script>alert(1)</script>"')
    text = text.replace("formaal: Drøft", "formaal: <img src=x onerror=alert(2)> Drøft")
    path.write_text(text, encoding="utf-8")
    page = generate(handbook_copy / "content").site.pages["indsatser/tvaersteam.md"]
    assert "<script>" not in page.markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.markdown
    assert "<img" not in page.markdown


def test_changes_page_lists_newest_first(handbook_copy: Path) -> None:
    path = handbook_copy / "content" / "organisering" / "styregruppe.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "aendringer:\n", "aendringer:\n  - dato: 2026-11-20\n    tekst: Opgaver opdateret.\n"),
        encoding="utf-8")
    page = generate(handbook_copy / "content").site.pages["om/hvad-er-nyt.md"]
    newest = page.markdown.index("Opgaver opdateret.")
    first = page.markdown.index("12 tekster i håndbogen fik deres første udgave.")
    assert newest < first  # 20 November comes before the first editions of 1 November
    assert "## 20. november 2026" in page.markdown
    assert "Første udgave." not in page.markdown  # one line for the first editions, not 12


def test_changes_page_leaves_minor_changes_to_their_page(handbook_copy: Path) -> None:
    path = handbook_copy / "content" / "organisering" / "styregruppe.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "aendringer:\n", "aendringer:\n  - dato: 2026-11-21\n    tekst: Stavefejl rettet.\n"
        "    vaegt: mindre\n"), encoding="utf-8")
    site = generate(handbook_copy / "content").site
    assert "Stavefejl rettet." not in site.pages["om/hvad-er-nyt.md"].markdown
    assert "Stavefejl rettet." in site.pages["organisering/styregruppe.md"].markdown


def test_withdrawn_items_keep_their_page_but_leave_navigation_and_search(
    handbook_copy: Path,
) -> None:
    path = handbook_copy / "content" / "organisering" / "styregruppe.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "status: udkast", "status: tilbagetrukket"), encoding="utf-8")
    site = generate(handbook_copy / "content").site
    page = site.pages["organisering/styregruppe.md"]
    assert "Tilbagetrukket" in page.markdown
    assert "exclude: true" in page.markdown
    assert "organisering/styregruppe.md" not in str(site.nav)


def test_flow_levels_are_numbered_sections_with_stable_anchors() -> None:
    page = generate(FIXTURE).site.pages["vejviser/bekymring-0-6.md"].markdown
    # each level folds: its heading is the summary, its id opens it (the id is inside the fold)
    assert ('<span class="hb-level__heading" id="groen-niveau" role="heading" aria-level="2">'
            '<span class="hb-level__number">1.</span>') in page
    assert '<h2 class="hb-fold-anchor" id="groen" aria-hidden="true">' in page
    assert '<h2 class="hb-fold-anchor" id="roed" aria-hidden="true">' in page
    assert page.count('<details class="hb-level') == 2
    # the overview ladder links to each step, with a text label beside the colour
    assert 'href="#roed"' in page and "Rød</span>" in page
    # the level that means underretning carries the legal callout, linked to the Jura page
    # (the other mention is the line every page carries first: 112 and the duty apply always)
    assert page.count("Barnets Lov § 133") == 2
    assert page.index('class="hb-altid"') < page.index("Barnets Lov § 133")
    assert "(../jura/underretning.md)" in page
    assert 'href="../pdf/vejviser-bekymring-0-6.pdf"' in page


def test_catalogue_overview_lists_every_entry_grouped_without_javascript() -> None:
    site = generate(FIXTURE).site
    page = site.pages["indsatser/index.md"].markdown
    assert '<h2 id="trin-2">Trin 2: Tidlig indsats i almenområdet</h2>' in page
    assert 'href="tvaersteam.html"' in page
    assert 'data-fra="0" data-til="18" data-omraader="dagtilbud skole" data-trin="2"' in page
    # the filter form is hidden until the script shows it
    assert "data-hb-filter hidden" in page


def test_catalogue_has_plain_pages_per_area_and_age() -> None:
    site = generate(FIXTURE).site
    assert "Tværsteam" in site.pages["indsatser/omraade-skole.md"].markdown
    assert "Tværsteam" in site.pages["indsatser/alder-6-12.md"].markdown
    assert "indsatser/omraade-ppr.md" not in site.pages  # no page for an empty area
    overview = site.pages["indsatser/index.md"].markdown
    assert 'href="omraade-skole.html">Skole (1)</a>' in overview


def test_hide_drafts_leaves_drafts_out_with_their_links(handbook_copy: Path) -> None:
    content = handbook_copy / "content"
    for relative in ("sider/index.md", "indsatser/tvaersteam.yml", "ordliste/ordliste.yml"):
        path = content / relative
        path.write_text(path.read_text(encoding="utf-8").replace(
            "status: udkast", "status: godkendt"), encoding="utf-8")
    site = generate(content, hide_drafts=True).site
    assert "vejviser/bekymring-0-6.md" not in site.pages
    assert "indsatser/tvaersteam.md" in site.pages
    assert "Bruges i vejviser" not in site.pages["indsatser/tvaersteam.md"].markdown
    # the front page's link to the (draft) vejviser overview is still a link: the overview is a
    # generated listing, not a draft; links to draft items themselves become plain text
    assert "Udkast" not in site.pages["indsatser/tvaersteam.md"].markdown
    assert "bekymring-0-6" not in str(site.nav)
    shown = generate(content, hide_drafts=False).site
    assert "vejviser/bekymring-0-6.md" in shown.pages


def test_links_to_left_out_drafts_become_plain_text(handbook_copy: Path) -> None:
    content = handbook_copy / "content"
    page = content / "sider" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("status: udkast", "status: godkendt")
                    + "\nSe [flowet](vejviser/bekymring-0-6.md#groen).\n", encoding="utf-8")
    markdown = generate(content, hide_drafts=True).site.pages["index.md"].markdown
    assert "Se flowet." in markdown


def test_edit_links_open_the_source_file(handbook_copy: Path) -> None:
    base = "https://git.example/handbog/edit/main/"
    site = generate(handbook_copy / "content", edit_base=base).site
    page = site.pages["indsatser/tvaersteam.md"].markdown
    assert f'<a href="{base}content/indsatser/tvaersteam.yml">Rediger denne side</a>' in page
    front = site.pages["index.md"].markdown
    assert f'href="{base}content/sider/index.md"' in front
    # a generated listing has no single source file to edit
    assert "Rediger denne side" not in site.pages["indsatser/index.md"].markdown
    assert "Rediger denne side" not in generate(handbook_copy / "content").site.pages[
        "indsatser/tvaersteam.md"].markdown


def test_the_editors_guide_is_a_page_of_the_real_handbook() -> None:
    site = generate(Path(__file__).parent.parent / "content").site
    page = site.pages["om/redaktoerer.md"]
    assert "# Sådan retter du i håndbogen" in page.markdown
    assert "om/redaktoerer.md" in str(site.nav)


def test_the_catalogue_comes_before_its_introduction(handbook_copy: Path) -> None:
    intro = (handbook_copy / "content" / "sider" / "om" / "index.md").read_text(encoding="utf-8")
    intro = intro.replace("titel: Om håndbogen", "titel: Indsatskatalog").replace(
        "Om håndbogen.", "Om indsatstrappen: start på det laveste trin.")
    page = handbook_copy / "content" / "sider" / "indsatser" / "index.md"
    page.parent.mkdir()
    page.write_text(intro, encoding="utf-8")
    markdown = generate(handbook_copy / "content").site.pages["indsatser/index.md"].markdown
    assert markdown.index("data-hb-filter") < markdown.index("Om indsatstrappen")
    assert markdown.index("Tværsteam") < markdown.index("Om indsatstrappen")
