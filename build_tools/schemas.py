"""JSON Schemas for the content files, generated from the typed models in model.py.

Editors' tools (VS Code's YAML extension, via `.vscode/settings.json` or the
`# yaml-language-server: $schema=…` line at the top of a file) use them to complete field names
and underline mistakes while typing. `handbook schemas` writes them to `schemas/`;
`handbook schemas --check` fails in CI when model.py changed and they were not regenerated.

A schema catches what one file can get wrong on its own: unknown or missing fields, wrong types,
values outside a list, dates that are not ÅÅÅÅ-MM-DD, empty texts. The loader and checks.py stay
the authority, because these rules are not expressible in a schema of one file:

- references between files (`indsatser`, `begreber`, `se_ogsaa` must name ids that exist),
  duplicate ids, and an id that must equal the file name;
- rules between two fields (`naeste_revision` after `sidst_revideret`, `alder.til` ≥ `alder.fra`);
- CPR numbers and other personal data;
- YAML safety (tabs, tags, anchors and aliases, duplicate keys);
- the body of a page in `sider/` (the Markdown after the front matter): the schema for `sider`
  describes the front matter only.

The schemas declare JSON Schema draft 7, the newest dialect the YAML language server fully
supports; pydantic's `$defs` references resolve as plain JSON pointers under it.
"""

from __future__ import annotations

import ast
import functools
import inspect
import json
import textwrap
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from build_tools import model
from build_tools.model import TRIN_LABELS
from build_tools.registry import TYPES

DIALECT = "http://json-schema.org/draft-07/schema#"


_TRIN = "; ".join(f"{n} = {label.split(': ', 1)[1]}" for n, label in TRIN_LABELS.items())

FIELD_HELP: dict[str, str] = {
    # Every guidance item (Indhold)
    "Indhold.id": (
        "Entydigt id: små bogstaver a-z, tal og bindestreg (ikke æ, ø, å eller mellemrum). "
        "Skal være det samme som filnavnet."
    ),
    "Indhold.titel": "Overskriften, som læserne ser.",
    "Indhold.resume": "Et kort resumé på én til to sætninger; vises i oversigter og i søgningen.",
    "Indhold.status": (
        "Hvor langt teksten er. Brug udkast, når teksten bygger på vores egen tolkning; "
        "godkendt kun når en kilde siger, at kommunen har godkendt den."
    ),
    "Indhold.ejer": "Den enhed eller rolle, der ejer teksten (aldrig en persons navn).",
    "Indhold.sidst_revideret": "Datoen for seneste gennemgang af teksten (ÅÅÅÅ-MM-DD).",
    "Indhold.naeste_revision": (
        "Hvornår teksten senest skal gennemgås igen (ÅÅÅÅ-MM-DD); skal ligge efter "
        "sidst_revideret. `handbook review` viser tekster, der snart skal gennemgås."
    ),
    "Indhold.kilder": (
        "Hvor teksten kommer fra: id'er på kilder i registret content/kilder/kilder.yml, "
        "fx [kommissorium, barnets-lov-2]. Mangler kilden, så tilføj den i registret først."
    ),
    "Indhold.aendringer": (
        "Ændringslog: tilføj en linje med dato og tekst, hver gang du ændrer noget."
    ),
    "Indhold.version": "Versionsnummer, hvis teksten har et (valgfrit).",
    "Indhold.bemaerkning": (
        "En note i statusfeltet øverst på siden, fx hvad et udkast venter på (valgfrit)."
    ),
    "Indhold.juridisk_gennemgang": (
        "Den juridiske gennemgang: ja, mens teksten venter på den; ellers en gruppe med "
        "status, rolle og dato, når en jurist har gennemgået teksten. En senere væsentlig "
        "ændring gør en godkendelse ugyldig, så siden igen viser 'afventer'."
    ),
    "JuridiskGennemgang.status": (
        "godkendt, kommentarer (gennemgået, men der skal rettes) eller afventer."
    ),
    "JuridiskGennemgang.rolle": (
        "Hvem der har gennemgået teksten, skrevet som en rolle, fx Kommunens jurist; aldrig "
        "en persons navn."
    ),
    "JuridiskGennemgang.dato": "Datoen for gennemgangen (ÅÅÅÅ-MM-DD).",
    "JuridiskGennemgang.bemaerkning": (
        "Juristens bemærkning, eller hvor kommentarerne står (valgfrit); vises på siden."
    ),
    "Indhold.noegleord": (
        "Ekstra ord, som medarbejdere søger efter: synonymer og stavemåder uden æ, ø og å."
    ),
    "Indhold.raekkefoelge": "Sorteringsnummer i afsnittet; lavere tal kommer først.",
    "Indhold.mangler": (
        "Det, kommunen endnu ikke har leveret, og som siden har brug for (valgfrit): fx en "
        "kontaktvej eller åbningstider. Vises på siden i boksen 'Det mangler vi stadig' og på "
        "siden over alt, der mangler. Gæt aldrig: skriv hellere en mangel. Slet linjen, når "
        "svaret står i teksten."
    ),
    "Mangel.hvad": "Hvad der mangler, i én sætning, fx 'Åbningstiderne for modtagelsen'.",
    "Mangel.hvem": "Den enhed eller rolle, der skal levere det (aldrig en persons navn).",
    "Kilde.id": (
        "Kildens id, som andre filer skriver i deres kilder: små bogstaver a-z, tal og "
        "bindestreg."
    ),
    "Kilde.titel": "Dokumentets egen titel (uden udgiveren).",
    "Kilde.udgiver": "Hvem der har udgivet dokumentet, fx 'Frederikssund Kommune'.",
    "Kilde.art": "Hvad slags dokument det er.",
    "Kilde.dato": "Dokumentets egen dato (ÅÅÅÅ-MM-DD); kun hvis dokumentet giver en.",
    "Kilde.forslag": "ja, når dokumentet er et forslag og ikke en beslutning; ellers nej.",
    "Kilde.adresse": "Den offentlige adresse (https://…); udelad den, hvis der ikke er en.",
    "Kilde.laest": "Datoen, nogen læste adressen (ÅÅÅÅ-MM-DD); kun hvis det skete den dag.",
    "Kilde.tekstfil": (
        "Navnet på dokumentets tekstfil til kontrollen af citater (handbook check "
        "--kildetekster MAPPE). Vises aldrig for læserne."
    ),
    "Kilde.bemaerkning": "En note, læserne ser ved kilden (valgfrit).",
    "Kilderegister.dokumenter": "Hvert dokument, håndbogen bygger på, én gang.",
    "Kontaktregister.kontakter": (
        "Telefonnumrene, medarbejderne ringer til, i den rækkefølge de vises. Skal have "
        "kontakterne 'alarm' (112), 'kommunen' og 'politi' (uden for åbningstid)."
    ),
    "Kontaktregister.underretning": (
        "Hvordan en fagperson underretter ud over telefonen. Skriv kun det, en kilde siger; "
        "det, der mangler, skrives under mangler."
    ),
    "Kontakt.id": "Kontaktens id: alarm, kommunen, politi eller et nyt id med a-z og bindestreg.",
    "Kontakt.navn": "Hvem der svarer, fx 'Nordsjællands Politi'.",
    "Kontakt.telefon": "Nummeret som det læses op: '112' eller otte cifre i par, '47 35 10 00'.",
    "Kontakt.hvornaar": "Hvornår du ringer til nummeret, kort, fx 'Uden for åbningstid'.",
    "Kontakt.adresse": "Hvor man kan møde op i stedet for at ringe (valgfrit).",
    "Kontakt.kilde": "Id'et på kilden i kilder.yml, hvor nummeret er læst.",
    "Underretningskanal.skema": (
        "Adressen (https://…) på kommunens digitale underretningsskema for fagpersoner; kun "
        "hvis en kilde giver den."
    ),
    "Underretningskanal.skema_kilde": "Id'et på kilden til adressen på skemaet.",
    "Underretningskanal.anonym": (
        "Om en fagperson kan underrette anonymt, i én sætning, som kilden siger det."
    ),
    "Underretningskanal.anonym_kilde": "Id'et på kilden til, om en fagperson kan være anonym.",
    "Lovregister.paragraffer": "Hver paragraf, håndbogens tekst henviser til.",
    "Lovregister.ophaevede": (
        "Ophævede paragraffer, fx 'Serviceloven § 153'. Tekst må kun nævne dem med "
        "'tidligere' foran."
    ),
    "Paragraf.lov": "Lovens navn, som teksten skriver det, fx 'Barnets Lov'.",
    "Paragraf.paragraf": "Paragraffens nummer, fx '133' eller '49 a' (i anførselstegn).",
    "Paragraf.stk": "Stykket, hvis henvisningen gælder ét stykke (valgfrit).",
    "Paragraf.titel": "Hvad paragraffen handler om, kort og på dansk.",
    "Paragraf.i_kraft": "Hvornår paragraffen trådte i kraft (ÅÅÅÅ-MM-DD, valgfrit).",
    "Paragraf.afloeser": "De paragraffer, den afløste, fx ['Serviceloven § 153'].",
    "Paragraf.adresse": "Lovtekstens offentlige adresse (retsinformation.dk).",
    "Paragraf.laest": "Datoen, nogen læste lovteksten (ÅÅÅÅ-MM-DD).",
    "Paragraf.bemaerkning": "En note, læserne ser ved paragraffen (valgfrit).",
    "Paragraf.bekraeftet": (
        "ja kun, når nummeret er læst i lovens egen tekst; ellers nej (læserne ser, at "
        "paragraffen ikke er efterprøvet)."
    ),
    "Aendring.dato": "Datoen for ændringen (ÅÅÅÅ-MM-DD).",
    "Aendring.tekst": "Hvad der blev ændret, i én sætning.",
    "Aendring.vaegt": (
        "væsentlig (standard): en ændring, medarbejderne skal kende; den står på siden "
        "'Hvad er nyt'. mindre: sproglige rettelser, stavefejl og links; den står kun i sidens "
        "egen liste over ændringer."
    ),
    # Strategi
    "Strategi.spor": "Sporets nummer i strategien: 1, 2 eller 3.",
    "Strategi.tekst": "Sporets tekst (Markdown: **fed**, lister med - og [links](adresse)).",
    # Vaerdi
    "Vaerdi.betydning": "Hvad værdien betyder (Markdown).",
    "Vaerdi.i_praksis": "Sådan ser værdien ud i hverdagen: mindst ét punkt.",
    "Vaerdi.citat": "Et citat med kilde (valgfrit).",
    "Citat.tekst": "Citatet, ordret som i kilden.",
    "Citat.kilde": "Id'et på den kilde i registret, citatet står i.",
    "Citat.afsender": "Hvem der siger eller skriver det; aldrig 'kommunen' om en persons ord.",
    # Vejviser
    "Vejviser.maalgruppe": "Hvem vejviseren gælder for.",
    "Vejviser.alder": "Aldersgruppen i hele år; begge ender er medregnet.",
    "Vejviser.indledning": "En indledning før niveauerne (Markdown, valgfrit).",
    "Vejviser.niveauer": "Bekymringsniveauerne, fra mindst til mest alvorlig: mindst ét.",
    "Vejviser.afsnit": (
        "Ekstra afsnit efter niveauerne, fx samtalen med barnet, med forældrene, samtykke og "
        "dokumentation (valgfrit)."
    ),
    "Alder.fra": "Yngste alder i hele år (0–25).",
    "Alder.til": "Ældste alder i hele år (0–25); mindst den samme som fra.",
    "Niveau.id": "Niveauets id, fx groen, gul eller roed; forskelligt for hvert niveau.",
    "Niveau.titel": "Niveauets overskrift, fx 'Du undrer dig'.",
    "Niveau.farve": "Niveauets farve.",
    "Niveau.tegn": "Tegn, du kan se hos barnet eller den unge: mindst ét.",
    "Niveau.handlinger": "Det, du gør: mindst én handling.",
    "Niveau.involver": "Hvem du inddrager: roller og enheder, aldrig navne.",
    "Niveau.tidsramme": "Hvor hurtigt du handler, fx 'inden for to uger' eller 'samme dag'.",
    "Niveau.forslag": (
        "ja, når tidsrammen er håndbogens forslag og ikke kommunens beslutning; læserne ser "
        "'Forslag – ikke besluttet af kommunen' ved den."
    ),
    "Niveau.hvis_intet_aendrer_sig": "Hvad du gør, hvis intet ændrer sig.",
    "Niveau.indsatser": (
        "Id'er på indsatser i kataloget, der passer til niveauet; hver skal findes som en fil "
        "i content/indsatser/."
    ),
    "Niveau.underretning": (
        "ja, når niveauet betyder, at du skal underrette kommunen (viser boksen om "
        "underretningspligten); ellers nej."
    ),
    "Afsnit.titel": "Afsnittets overskrift.",
    "Afsnit.tekst": "Afsnittets tekst (Markdown).",
    # Indsats
    "Indsats.maalgruppe": "Hvem indsatsen er til.",
    "Indsats.alder": "Aldersgruppen i hele år; begge ender er medregnet.",
    "Indsats.omraader": "De områder, der bruger indsatsen: mindst ét.",
    "Indsats.trin": f"Trin på indsatstrappen: {_TRIN}.",
    "Indsats.formaal": "Hvad indsatsen skal opnå (Markdown).",
    "Indsats.metode": "Hvordan der arbejdes i indsatsen (Markdown, valgfrit).",
    "Indsats.henvisning": "Hvordan et barn eller en familie kommer i gang med indsatsen.",
    "Indsats.samtykke": "Om forældrenes samtykke kræves, og hvorfor.",
    "Indsats.udbyder": "Den enhed, der leverer indsatsen.",
    "Indsats.kontakt": (
        "Den enhed eller rolle, man kontakter. Ingen opdigtede navne, telefonnumre eller e-mails."
    ),
    "Indsats.lovgrundlag": (
        "Lovgrundlaget (valgfrit). Skriv kun et §-nummer, du har bekræftet i en kilde."
    ),
    "Indsats.varighed": "Hvor længe indsatsen varer (valgfrit).",
    "Indsats.ventetid": "Ventetid, hvis der er en (valgfrit).",
    "Indsats.begreber": (
        "Id'er på begreber i ordlisten, som siden bruger; hvert skal findes i ordlisten."
    ),
    "Indsats.se_ogsaa": (
        "Id'er på beslægtede indsatser; hver skal findes som en fil i content/indsatser/."
    ),
    "Henvisning.adgang": (
        "åben (alle kan bruge den), henvisning (en fagperson henviser) eller visitation "
        "(kommunen træffer afgørelse)."
    ),
    "Henvisning.trin": "Sådan henviser man, som nummererede trin: mindst ét.",
    "Samtykke.kraeves": "ja eller nej: kræves forældrenes samtykke?",
    "Samtykke.forklaring": "Forklaring på samtykket: hvad, til hvem og hvorfor.",
    # Organisering
    "Organisering.tekst": "Beskrivelsen (Markdown).",
    "Organisering.opgaver": "Opgaverne, ét punkt pr. opgave (valgfrit).",
    "Organisering.sammensaetning": "Hvem der deltager: roller og enheder, aldrig navne (valgfrit).",
    # Proevehandling
    "Proevehandling.formaal": "Hvad prøvehandlingen skal afprøve og opnå (Markdown).",
    "Proevehandling.omraader": "De områder, hvor prøvehandlingen afprøves: mindst ét.",
    "Proevehandling.enheder": "De enheder, der deltager (navne på enheder, aldrig personer).",
    "Proevehandling.start": "Startdato (ÅÅÅÅ-MM-DD, valgfrit).",
    "Proevehandling.slut": "Slutdato (ÅÅÅÅ-MM-DD, valgfrit); efter start.",
    "Proevehandling.forloeb": (
        "Forløbet som daterede faseskift, ældste først; det sidste er den nuværende fase."
    ),
    "Proevehandling.evaluering": "Hvordan prøvehandlingen evalueres (Markdown).",
    "Proevehandling.fund": "Daterede fund fra evalueringen.",
    "Proevehandling.beslutning": "Hvad der blev besluttet efter evalueringen (valgfrit).",
    "Proevehandling.indsatser": (
        "Id'er på indsatser, som prøvehandlingen ændrede eller skabte; hver skal findes som en "
        "fil i content/indsatser/."
    ),
    "Proevehandling.vejviser_trin": (
        "Trin i en vejviser, som prøvehandlingen ændrede, skrevet som vejviser-id#niveau-id."
    ),
    "Faseskift.dato": "Datoen for faseskiftet (ÅÅÅÅ-MM-DD).",
    "Faseskift.fase": "Den fase, prøvehandlingen gik ind i.",
    "Faseskift.tekst": "Hvad der skete, i én sætning.",
    "Fund.dato": "Datoen for fundet (ÅÅÅÅ-MM-DD).",
    "Fund.tekst": "Fundet, i én eller to sætninger.",
    # Ordliste
    "Ordliste.begreber": "Begreberne i ordlisten: mindst ét.",
    "Begreb.id": "Begrebets id: små bogstaver a-z, tal og bindestreg.",
    "Begreb.term": "Ordet, som læserne ser det.",
    "Begreb.forklaring": "Forklaringen i almindeligt sprog (Markdown).",
    "Begreb.se_ogsaa": "Id'er på beslægtede begreber i ordlisten.",
    # Side
    "Side.tekst": "Sidens tekst: Markdown under linjen med --- (ikke et felt i metadata).",
}
"""Danish help for every field, as `Model.field` (the model that declares it). Shown in the
schemas (hover text in the editor) and as comments in files made by `handbook new`."""


def field_help(owner: type[BaseModel], name: str) -> str:
    """The Danish help for a field, looked up along the model's bases; else its docstring in
    model.py (English, until someone adds the Danish line above)."""
    for cls in owner.__mro__:
        text = FIELD_HELP.get(f"{cls.__name__}.{name}")
        if text is not None:
            return text
    for cls in owner.__mro__:
        text = _attribute_docstrings(cls).get(name)
        if text is not None:
            return text
    return ""


@functools.cache
def _attribute_docstrings(cls: type) -> dict[str, str]:
    """`field: type` followed by a string in the class body → {field: string}."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    found: dict[str, str] = {}
    for node, after in zip(body, body[1:], strict=False):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            found[node.target.id] = inspect.cleandoc(after.value.value)
    return found


class _Generator(GenerateJsonSchema):
    """Pydantic's schema, with what the loader accepts and Danish help instead of English."""

    def str_schema(self, schema: core_schema.StringSchema) -> dict[str, Any]:
        result = super().str_schema(schema)
        if schema.get("strip_whitespace") and "pattern" not in result:
            result["pattern"] = r"\S"  # the loader strips spaces first: "   " is empty
        return result

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> dict[str, Any]:
        if schema["function"].get("function") is model._ja_nej:
            return {
                "anyOf": [
                    {"type": "boolean"},
                    {"type": "string", "pattern": r"^\s*([jJ][aA]|[nN][eE][jJ])\s*$"},
                ],
                "description": "ja eller nej",
            }
        if schema["function"].get("function") is model._gennemgang:
            # ja/nej (awaiting review or none) as well as the structured record
            return {"anyOf": [
                {"type": "boolean"},
                {"type": "string", "pattern": r"^\s*([jJ][aA]|[nN][eE][jJ])\s*$"},
                self.generate_inner(schema["schema"]),
            ]}
        return super().function_before_schema(schema)

    def model_schema(self, schema: core_schema.ModelSchema) -> dict[str, Any]:
        result = super().model_schema(schema)
        owner = schema["cls"]
        result.pop("description", None)  # the English class docstring
        for name, prop in result.get("properties", {}).items():
            prop.pop("title", None)
            text = field_help(owner, name)
            if "enum" in prop or "enum" in prop.get("items", {}):
                values = prop.get("enum") or prop["items"]["enum"]
                text = f"{text} Tilladte værdier: {', '.join(values)}.".strip()
            if text:
                prop["description"] = text
        return result


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one content type (for `sider`: of the front matter)."""
    content_type = TYPES[kind]
    generated = content_type.model.model_json_schema(schema_generator=_Generator)
    if content_type.markdown_files:  # the body is the Markdown below the front matter
        generated["properties"].pop("tekst")
        generated["required"].remove("tekst")
    generated["title"] = content_type.schema_title
    return {"$schema": DIALECT, **generated}


def schema_texts() -> dict[str, str]:
    """File name in schemas/ → its text, for every content type."""
    return {
        f"{kind}.schema.json": json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"
        for kind in TYPES
    }
