"""The legal sign-off: statements a lawyer must read (statements.py), the review pack
(`handbook jura`, jura.py), and recorded approvals that lapse on a later substantial change
(approval.py, `juridisk_gennemgang`)."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from build_tools.approval import gennemgang
from build_tools.build import generate, load_checked
from build_tools.cli import main
from build_tools.jura import APPROVE_LINE, build_pack, pack_html
from build_tools.legal import Register, mentions, register_of
from build_tools.loader import load
from build_tools.pdf import PrintDocument, handbook_html, vejviser_html
from build_tools.resolve import resolve
from build_tools.statements import classify, sentences, statements

FIXTURE = Path(__file__).parent / "fixtures" / "handbook" / "content"
UNDERRETNING = "sider/jura/underretning.md"
SAMTYKKE = "sider/jura/frister-og-samtykke.md"
WHERE = "content/sider/jura/frister-og-samtykke.md:9: juridisk_gennemgang"
"""Where the check points for the fixture page's legal review."""
"""The fixture's page with a recorded approval and statements of every kind."""


def fixture_register() -> Register:
    return register_of(load(FIXTURE))


# --- sentences and what they state ---------------------------------------------------------------


def test_sentences_split_at_sentence_ends_not_at_abbreviations_or_numbers() -> None:
    text = ("Du **skal** underrette. Se Barnets Lov § 2, stk. 3 om fx. Tværsteam, jf. Barnets Lov "
            "§ 133. Kvitteringen kommer den 6. januar! Hvad så?\n"
            "- Ring 112.\n- Skriv ned,\n  hvad du så.\n\n## Samtykke\n\n| Hvad | Hvornår |\n")
    assert [s.text for s in sentences(text)] == [
        "Du skal underrette.",
        "Se Barnets Lov § 2, stk. 3 om fx. Tværsteam, jf. Barnets Lov § 133.",
        "Kvitteringen kommer den 6. januar!",
        "Hvad så?",
        "Ring 112.",
        "Skriv ned, hvad du så.",
        "Samtykke",
        "Hvad · Hvornår",
    ]


def test_links_tags_and_admonitions_read_as_the_reader_sees_them() -> None:
    text = ('!!! danger "Er barnet i fare? Ring 112."\n    Læs [siden](../jura/x.md) '
            "<strong>nu</strong>.\n")
    assert [s.text for s in sentences(text)] == [
        "Er barnet i fare?", "Ring 112.", "Læs siden nu."]


@pytest.mark.parametrize(("sentence", "kinds"), [
    ("Du skal underrette kommunen.", ("pligt",)),
    ("Underretningspligten er personlig.", ("pligt",)),
    ("Du har pligt til at underrette.", ("pligt",)),
    ("Du må ikke fortælle forældrene det.", ("pligt",)),
    ("Kommunen vurderer underretningen inden for 24 timer.", ("frist",)),
    ("Du får en kvittering inden 6 hverdage.", ("frist",)),
    ("Underret samme dag.", ("frist",)),
    ("Ring straks til politiet.", ("frist",)),
    ("Følg op efter 2–4 uger.", ("frist",)),
    ("Forældrene skal give samtykke.", ("pligt", "samtykke")),
    ("Efter Barnets Lov § 133 skal du underrette inden for samme dag.",
     ("paragraf", "pligt", "frist")),
    ("Anonym rådgivning efter Barnets Lov §§ 28–29.", ("paragraf",)),
    ("Reglen stod i tidligere Serviceloven § 153.", ("paragraf",)),
    ("Barnet er 3 år og går i dagtilbud.", None),
    ("Tal med barnet om det, du ser.", None),
    ("Ring 47 35 10 00.", None),
])
def test_a_sentence_is_a_statement_by_what_it_says(sentence: str, kinds: object) -> None:
    [found] = list(sentences(sentence))
    statement = classify(found, fixture_register())
    assert (statement.kinds if statement else None) == kinds


def test_a_heading_is_not_a_statement() -> None:
    text = "## Hvornår skal du underrette?\n\nDu skal underrette samme dag.\n"
    assert [s.text for s in statements(text, fixture_register())] == [
        "Du skal underrette samme dag."]


def test_a_statement_names_its_provisions_as_the_check_reads_them() -> None:
    [statement] = statements("Se Barnets Lov §§ 28–29 og tidligere Serviceloven § 153.",
                             fixture_register())
    assert [(m.navn, m.former) for m in statement.mentions] == [
        ("Barnets Lov § 28", False), ("Barnets Lov § 29", False),
        ("Serviceloven § 153", True)]


# --- the pack ------------------------------------------------------------------------------------


def fixture_pack():  # type: ignore[no-untyped-def]
    loaded = load_checked(FIXTURE)
    return loaded, build_pack(loaded, resolve(loaded), today=date(2026, 12, 1))


def test_the_pack_lists_every_provision_the_fixture_handbook_names() -> None:
    loaded, pakke = fixture_pack()
    register = register_of(loaded)
    expected: Counter[tuple[str, str, str, bool]] = Counter()
    for kind, items in loaded.items.items():
        if kind in ("kilder", "love"):
            continue
        for item in items.values():
            for m in mentions(item, register):
                expected[(item.source.display, m.navn, m.field.split(".")[0], m.former)] += 1
    listed = Counter(
        (side.path, h.mention.navn, u.field.split(".")[0].split("[")[0], h.mention.former)
        for side in pakke.sider for u in side.udsagn for h in u.henvisninger)
    assert sum(expected.values()) >= 4  # § 133, §§ 28–29 and a former §
    assert listed == expected


def test_the_pack_holds_duties_deadlines_and_consent_with_page_sources_and_register() -> None:
    _, pakke = fixture_pack()
    [side] = [s for s in pakke.sider if s.path.endswith(SAMTYKKE)]
    assert side.title == "Samtykke og frister" and side.status == "Udkast"
    assert side.page == "jura/frister-og-samtykke.md"
    assert [k.id for k in side.sources] == ["testkilde"]
    assert side.review is not None and side.review.approved
    found = {u.text: u.kinds for u in side.udsagn}
    assert found["Du har pligt."] == ("pligt",)
    assert found["Kommunen vurderer underretningen inden for 24 timer."] == ("frist",)
    assert found["Du behøver ikke forældrenes samtykke for at underrette."] == ("samtykke",)
    assert found["Underret med det samme."] == ("frist",)
    deadline = next(u for u in side.udsagn if "24 timer" in u.text)
    assert deadline.field == "tekst" and deadline.line == 22
    [other] = [s for s in pakke.sider if s.path.endswith(UNDERRETNING)]
    assert other.review is not None and other.review.awaiting
    resume = next(u for u in other.udsagn if u.field == "resume")
    assert resume.kinds == ("paragraf", "pligt") and resume.line == 4
    [henvisning] = resume.henvisninger
    assert henvisning.paragraf is not None and henvisning.paragraf.titel == (
        "Skærpet underretningspligt")


def test_the_pack_html_is_danish_with_a_line_to_approve_every_statement() -> None:
    _, pakke = fixture_pack()
    html = pack_html(pakke)
    assert '<html lang="da">' in html
    assert html.count(APPROVE_LINE) == pakke.total > 0
    for text in ("Juridisk gennemgang af håndbogen", "Underretningspligt",
                 "content/sider/jura/underretning.md", "content/" + SAMTYKKE,
                 "Juridisk gennemgået 1. november 2026 af Kommunens jurist.",
                 "<strong>Barnets Lov § 133</strong>: Skærpet underretningspligt. Nummeret er "
                 "læst i lovteksten. Lovtekst:", "(læst 1. november 2026)",
                 "<strong>Barnets Lov § 28</strong>: Gratis, anonym rådgivning. <strong>Nummeret "
                 "er ikke bekræftet</strong> i lovteksten.",
                 "<strong>tidligere Serviceloven § 153</strong>: nævnt som en tidligere regel.",
                 "Frederikssund Kommune: Testkilde", "Rolle (ikke navn)"):
        assert text in html, text


def test_handbook_jura_writes_the_pack_as_html_and_pdf(
        handbook_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pakke"
    assert main(["jura", "--config", str(handbook_copy / "mkdocs.yml"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    pdf = out / "juridisk-gennemgang.pdf"
    assert f"Pakken til juridisk gennemgang er skrevet: {pdf}" in printed
    assert (out / "juridisk-gennemgang.html").is_file()
    text = subprocess.run(["pdftotext", str(out / "juridisk-gennemgang.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Juridisk gennemgang af" in text
    assert "☐ Godkendt" in text and "☐ Kommentar:" in text
    assert "Barnets Lov § 133" in text and "Kommunen vurderer underretningen inden for 24" in text


# --- approvals: recorded, shown, lapsing ---------------------------------------------------------


def set_review(copy: Path, review: str, changes: str = "") -> Path:
    page = copy / "content" / SAMTYKKE
    text = page.read_text(encoding="utf-8")
    text = text.replace(
        "juridisk_gennemgang: {status: godkendt, rolle: Kommunens jurist, dato: 2026-11-01}",
        f"juridisk_gennemgang: {review}")
    text = text.replace("    tekst: Første udgave.\n", "    tekst: Første udgave.\n" + changes)
    page.write_text(text, encoding="utf-8")
    return page


LATER = "  - dato: 2026-11-15\n    tekst: Ny frist for kvitteringen.\n"


def test_a_later_substantial_change_makes_the_approval_lapse_with_a_danish_warning(
        handbook_copy: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    set_review(handbook_copy,
               "{status: godkendt, rolle: Kommunens jurist, dato: 2026-11-01}", LATER)
    monkeypatch.chdir(handbook_copy)
    assert main(["check"]) == 0  # a warning: the urgent fix itself must still be published
    assert capsys.readouterr().err.splitlines() == [
        WHERE + ": advarsel: godkendelsen fra "
        "1. november 2026 er bortfaldet, fordi teksten er ændret væsentligt 15. november 2026 "
        "('Ny frist for kvitteringen.'); siden viser igen, at den afventer juridisk "
        "gennemgang. Få den gennemgået, og skriv den nye dato"]
    site = generate(handbook_copy / "content").site
    page = site.pages["jura/frister-og-samtykke.md"].markdown
    assert ("Afventer juridisk gennemgang igen: Teksten er ændret væsentligt 15. november "
            "2026, efter den blev godkendt 1. november 2026 af Kommunens jurist.") in page
    assert "juridisk gennemgået 1. november" not in page.lower()


@pytest.mark.parametrize("changes", [
    "",
    "  - dato: 2026-11-01\n    tekst: Samme dag.\n",
    "  - dato: 2026-11-20\n    tekst: Stavefejl.\n    vaegt: mindre\n",
])
def test_an_approval_stands_without_a_later_substantial_change(
        handbook_copy: Path, changes: str) -> None:
    set_review(handbook_copy,
               "{status: godkendt, rolle: Kommunens jurist, dato: 2026-11-01}", changes)
    loaded = load_checked(handbook_copy / "content")
    assert loaded.warnings == []
    review = gennemgang(loaded.items["sider"]["jura/frister-og-samtykke"].model)
    assert review is not None and review.line == (
        "Juridisk gennemgået 1. november 2026 af Kommunens jurist.")
    page = generate(handbook_copy / "content").site.pages["jura/frister-og-samtykke.md"].markdown
    assert "Juridisk gennemgået 1. november 2026 af Kommunens jurist." in page


def test_ja_still_means_awaiting_legal_review(handbook_copy: Path) -> None:
    set_review(handbook_copy, "ja")
    review = gennemgang(load_checked(handbook_copy / "content")
                        .items["sider"]["jura/frister-og-samtykke"].model)
    assert review is not None and review.awaiting and not review.approved
    page = generate(handbook_copy / "content").site.pages["jura/frister-og-samtykke.md"].markdown
    assert ("Afventer juridisk gennemgang: Henvisningerne til lovgivningen er ikke gennemgået "
            "af en jurist endnu.") in page


@pytest.mark.parametrize(("review", "line"), [
    ("{status: ok, rolle: Kommunens jurist, dato: 2026-11-01}",
     ".status: ugyldig værdi 'ok'; "
     "tilladte værdier: 'godkendt', 'kommentarer' eller 'afventer'"),
    ("{status: godkendt, rolle: Kommunens jurist, dato: 1. november}",
     ".dato: forventede en dato som "
     "ÅÅÅÅ-MM-DD, fik '1. november'"),
    ("{status: godkendt, rolle: Kommunens jurist, dato: 2026-11-31}",
     ".dato: '2026-11-31': november 2026 "
     "har ikke 31 dage (kun 30); ret datoen"),
    ("{status: godkendt, dato: 2026-11-01}",
     ".rolle: mangler; skriv, hvem "
     "der har gennemgået teksten (godkendt), som en rolle, fx 'Kommunens jurist'"),
    ("{status: kommentarer, rolle: Kommunens jurist}",
     ".dato: mangler; skriv datoen "
     "for gennemgangen (kommentarer) som ÅÅÅÅ-MM-DD"),
    ("{status: godkendt, rolle: Mette Hansen, dato: 2026-11-01}",
     ".rolle: 'Mette Hansen' ligner en "
     "persons navn; skriv en rolle, fx 'Kommunens jurist'"),
    ("måske",
     ": forventede ja, nej eller en "
     "gruppe med status, rolle og dato, fik 'måske'"),
])
def test_a_wrong_legal_review_is_one_danish_line(
        handbook_copy: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], review: str, line: str) -> None:
    set_review(handbook_copy, review)
    monkeypatch.chdir(handbook_copy)
    assert main(["check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        WHERE + line,
        "Fandt 1 fejl i 1 fil. Ret fejlen, og prøv igen; intet er bygget eller ændret."]


def test_comments_and_a_role_with_a_unit_are_accepted(handbook_copy: Path) -> None:
    set_review(handbook_copy, "{status: kommentarer, rolle: Jurist i Center for Familie og "
               "Rådgivning, dato: 2026-11-20, bemaerkning: Se kommentarerne i sagen.}")
    review = gennemgang(load_checked(handbook_copy / "content")
                        .items["sider"]["jura/frister-og-samtykke"].model)
    assert review is not None and review.line == (
        "Juridisk gennemgået med kommentarer: 20. november 2026 af Jurist i Center for Familie "
        "og Rådgivning; rettelserne afventer godkendelse.")


def test_an_address_in_the_pack_is_a_link_only_when_it_is_a_web_address(
        handbook_copy: Path) -> None:
    register = handbook_copy / "content" / "love" / "love.yml"
    register.write_text(register.read_text(encoding="utf-8").replace(
        '    paragraf: "28"\n', '    paragraf: "28"\n    adresse: "javascript:alert(1)"\n'),
        encoding="utf-8")
    loaded = load(handbook_copy / "content")
    html = pack_html(build_pack(loaded, resolve(loaded)))
    assert "Lovtekst: javascript:alert(1)" in html  # shown as text for the lawyer to see
    assert 'href="javascript' not in html
    assert '<a class="url" href="https://www.retsinformation.dk/">' in html


def test_titles_and_the_change_log_are_listed_only_for_a_provision_they_cite(
        handbook_copy: Path) -> None:
    set_review(handbook_copy, "ja", "  - dato: 2026-11-15\n    tekst: Skal nu nævne Barnets "
               "Lov § 133 og samtykke.\n")
    loaded = load_checked(handbook_copy / "content")
    pakke = build_pack(loaded, resolve(loaded))
    [side] = [s for s in pakke.sider if s.path.endswith(SAMTYKKE)]
    assert side.title == "Samtykke og frister"  # a consent word, but a title states nothing
    assert not [u for u in side.udsagn if u.field == "titel"]
    [logged] = [u for u in side.udsagn if u.field.startswith("aendringer")]
    assert logged.field == "aendringer[2].tekst" and logged.line == 15
    assert [h.mention.navn for h in logged.henvisninger] == ["Barnets Lov § 133"]


def test_the_print_shows_the_legal_review_and_the_line_that_always_applies_first(
        handbook_copy: Path) -> None:
    set_review(handbook_copy,
               "{status: godkendt, rolle: Kommunens jurist, dato: 2026-11-01}", LATER)
    handbook = resolve(load_checked(handbook_copy / "content"))
    doc = PrintDocument(handbook, date(2026, 12, 1))
    html = handbook_html(doc)
    assert ('<strong class="flag__label">Afventer juridisk gennemgang igen</strong> Teksten er '
            "ændret væsentligt 15. november 2026, efter den blev godkendt 1. november 2026 af "
            "Kommunens jurist.") in html
    assert ('<strong class="flag__label">Afventer juridisk gennemgang</strong> Henvisningerne '
            "til lovgivningen er ikke gennemgået af en jurist endnu.") in html
    cover = html[:html.index('class="toc"')]
    assert cover.index("flag--altid") < cover.index("flag--udkast")
    assert "før du handler" not in html
    flow = next(iter(handbook.items["vejvisere"].values()))
    for compact in (False, True):
        handout = vejviser_html(doc, flow, compact)
        assert handout.index("flag--altid") < handout.index('class="flag flag--udkast"')
        assert "Barnets Lov § 133" in handout[:handout.index('class="flag flag--udkast"')]


def test_the_pack_benchmark_prints_its_table(handbook_copy: Path) -> None:
    script = Path(__file__).resolve().parent.parent / "benchmarks" / "jura.py"
    run = subprocess.run([sys.executable, str(script), "--config",
                          str(handbook_copy / "mkdocs.yml")], capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    rows = dict(line.strip("| ").split(" | ") for line in run.stdout.splitlines()[2:])
    assert rows["Statements (pages of the handbook)"] == "15 (5)"
    assert rows["PDF"].endswith(" KB") and "pages" in rows["PDF"]
