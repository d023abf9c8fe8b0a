"""Typed content model of the handbook.

Every YAML key is Danish (editors write them); the machinery is English. The models do no I/O:
`loader.py` reads files and feeds the parsed data in here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Final, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A non-empty line or paragraph of plain text."""

Markdown = Annotated[str, StringConstraints(min_length=1)]
"""Free text in Markdown (lists, links, emphasis)."""

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
"""An id: lower-case letters a-z, digits and hyphens (no æ, ø, å)."""



def _ja_nej(value: object) -> object:
    if isinstance(value, str) and value.strip().lower() in ("ja", "nej"):
        return value.strip().lower() == "ja"
    return value


JaNej = Annotated[bool, BeforeValidator(_ja_nej)]
"""A yes/no field: editors may write ja/nej as well as true/false."""

Status = Literal["udkast", "i høring", "godkendt", "tilbagetrukket"]
UDKAST: Final = "udkast"
I_HOERING: Final = "i høring"
GODKENDT: Final = "godkendt"
TILBAGETRUKKET: Final = "tilbagetrukket"
"""The status values by name, for code and templates that compare a status (STATUSES: all)."""
STATUSES: Final = (UDKAST, I_HOERING, GODKENDT, TILBAGETRUKKET)
STATUS_LABELS: dict[str, str] = {
    "udkast": "Udkast",
    "i høring": "I høring",
    "godkendt": "Godkendt",
    "tilbagetrukket": "Tilbagetrukket",
}

Omraade = Literal[
    "dagtilbud", "sundhedspleje", "skole", "sfo", "klub", "fritid", "ppr", "familie"
]
OMRAADE_LABELS: dict[str, str] = {
    "dagtilbud": "Dagtilbud",
    "sundhedspleje": "Sundhedspleje",
    "skole": "Skole",
    "sfo": "SFO",
    "klub": "Klub",
    "fritid": "Fritid",
    "ppr": "PPR",
    "familie": "Center for Familie og Rådgivning",
}

TRIN_LABELS: dict[int, str] = {
    1: "Trin 1: Almene fællesskaber",
    2: "Trin 2: Tidlig indsats i almenområdet",
    3: "Trin 3: Forebyggende hjælp efter Barnets Lov",
    4: "Trin 4: Særlig støtte",
}
"""The steps of the indsatstrappe as this handbook groups them (our own grouping, see DOMAIN.md)."""

Niveaufarve = Literal["groen", "gul", "roed", "akut"]
NIVEAU_LABELS: dict[str, str] = {
    "groen": "Grøn",
    "gul": "Gul",
    "roed": "Rød",
    "akut": "Akut",
}
NIVEAU_SYMBOLS: dict[str, str] = {"groen": "●", "gul": "▲", "roed": "■", "akut": "✚"}
"""A level's symbol beside its colour and label, so it reads without colour (site and print)."""

Adgang = Literal["åben", "henvisning", "visitation"]
ADGANG_LABELS: dict[str, str] = {
    "åben": "Åbent tilbud: ingen henvisning",
    "henvisning": "Kræver henvisning",
    "visitation": "Kræver visitation",
}


class FieldError(ValueError):
    """A validator's complaint about one named field of the model it checks."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class Model(BaseModel):
    """Base of every model: unknown keys are errors, never silently dropped.

    Each field is described once, here: `Field(description=…)` is the Danish help editors read
    (schemas, the comments of `handbook new`, the forms' hints), `examples=[…]` the value
    `handbook new` writes (a text starting with "Skriv" must be replaced before merging),
    `title=…` the form's label where the key's spelling cannot give it. A field no template
    shows is marked `Hidden` (tests/test_fields.py)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Hidden:
    """Marks a field that no template reads, `Annotated[T, Hidden("why")]`: kept for the build
    itself, or shown through Python code that the reason names. tests/test_fields.py fails,
    naming the field, when a field no template shows lacks it (or one a template shows has
    it)."""

    reason: str


Kildeart = Literal["lov", "vejledning", "kommunalt dokument", "nyhed", "webside", "rapport"]
KILDEART_LABELS: dict[str, str] = {
    "lov": "Lov",
    "vejledning": "Vejledning",
    "kommunalt dokument": "Kommunalt dokument",
    "nyhed": "Nyhed",
    "webside": "Webside",
    "rapport": "Rapport",
}


class Kilde(Model):
    """One document the handbook cites, described once in the register of sources
    (content/kilder/kilder.yml); items name it by its id in their `kilder`."""

    id: Slug = Field(
        description=(
            "Kildens id, som andre filer skriver i deres kilder: små bogstaver a-z, tal "
            "og bindestreg."
        ),
    )
    titel: Tekst = Field(description="Dokumentets egen titel (uden udgiveren).")
    udgiver: Tekst = Field(
        description="Hvem der har udgivet dokumentet, fx 'Frederikssund Kommune'.",
    )
    art: Kildeart = Field(description="Hvad slags dokument det er.")
    dato: date | None = Field(
        None,
        description="Dokumentets egen dato (ÅÅÅÅ-MM-DD); kun hvis dokumentet giver en.",
    )
    forslag: JaNej = Field(
        False,
        description="ja, når dokumentet er et forslag og ikke en beslutning; ellers nej.",
    )
    adresse: Tekst | None = Field(
        None,
        description="Den offentlige adresse (https://…); udelad den, hvis der ikke er en.",
    )
    laest: date | None = Field(
        None,
        description="Datoen, nogen læste adressen (ÅÅÅÅ-MM-DD); kun hvis det skete den dag.",
    )
    tekstfil: Annotated[Tekst | None, Hidden(
        "internal: only `handbook check --kildetekster` reads it, to verify quotes")] = Field(
        None,
        description=(
            "Navnet på dokumentets tekstfil til kontrollen af citater (handbook check "
            "--kildetekster MAPPE). Vises aldrig for læserne."
        ),
    )
    bemaerkning: Tekst | None = Field(
        None,
        description="En note, læserne ser ved kilden (valgfrit).",
    )

    @model_validator(mode="after")
    def _public_address(self) -> Kilde:
        if self.adresse and not self.adresse.startswith(("https://", "http://")):
            raise FieldError("adresse", "skal være en offentlig adresse (https://…)")
        if self.laest and not self.adresse:
            raise FieldError("laest", "giv kun en læst-dato for en kilde med en adresse")
        return self


Vaegt = Literal["væsentlig", "mindre"]


class Aendring(Model):
    """One dated entry in an item's change log."""

    dato: date = Field(description="Datoen for ændringen (ÅÅÅÅ-MM-DD).")
    tekst: Tekst = Field(
        description="Hvad der blev ændret, i én sætning.",
        examples=["Første udgave."],
    )
    vaegt: Annotated[Vaegt, Hidden(
        "chooses the changes 'Hvad er nyt' lists (render.py, editions.py) and whether an "
        "approval lapses (approval.py)")] = Field(
        "væsentlig",
        description=(
            "væsentlig (standard): en ændring, medarbejderne skal kende; den står på "
            "siden 'Hvad er nyt'. mindre: sproglige rettelser, stavefejl og links; den "
            "står kun i sidens egen liste over ændringer."
        ),
    )


class Mangel(Model):
    """A local fact the municipality has not supplied yet: shown on the page as a gap, never
    guessed (see DOMAIN.md's honesty rules)."""

    hvad: Tekst = Field(
        description="Hvad der mangler, i én sætning, fx 'Åbningstiderne for modtagelsen'.",
        examples=["Skriv, hvad kommunen mangler at levere, i én sætning"],
    )
    hvem: Tekst = Field(
        description="Den enhed eller rolle, der skal levere det (aldrig en persons navn).",
        examples=["Skriv den enhed eller rolle, der skal levere det"],
    )


GennemgangStatus = Literal["godkendt", "kommentarer", "afventer"]
GENNEMGANG_LABELS: dict[str, str] = {
    "godkendt": "Godkendt",
    "kommentarer": "Kommentarer",
    "afventer": "Afventer",
}

_ROLE_WORDS = re.compile(
    r"jurist|juridisk|advokat|kommune|center|afdeling|sekretariat|enhed|leder|chef|direktør|"
    r"konsulent|rådgiv|forvaltning|team|udvalg|stab|fuldmægtig|ansvarlig|medarbejder",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^[A-ZÆØÅÉ][a-zæøåéü]+(-[A-ZÆØÅÉ][a-zæøåéü]+)?\.?$")


def looks_like_a_name(text: str) -> bool:
    """True for "Mette Hansen" or "Anne-Mette K. Sørensen": two to four capitalised words and
    no word of a role or unit. Roles ("Kommunens jurist") always have one."""
    words = text.split()
    if not 2 <= len(words) <= 4 or _ROLE_WORDS.search(text):
        return False
    return all(_NAME_WORD.match(word) or re.fullmatch(r"[A-ZÆØÅ]\.", word) for word in words)


class JuridiskGennemgang(Model):
    """The legal review of a text, recorded in the item: `ja` (awaits review) or this group."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra={
        "if": {"properties": {"status": {"enum": ["godkendt", "kommentarer"]}}},
        "then": {"required": ["rolle", "dato"]},
    })

    status: GennemgangStatus = Field(
        description="godkendt, kommentarer (gennemgået, men der skal rettes) eller afventer.",
    )
    rolle: Annotated[Tekst | None, Hidden("shown through approval.gennemgang()")] = Field(
        None,
        description=(
            "Hvem der har gennemgået teksten, skrevet som en rolle, fx Kommunens "
            "jurist; aldrig en persons navn."
        ),
        examples=["Skriv rollen, fx Kommunens jurist"],
    )
    dato: date | None = Field(None, description="Datoen for gennemgangen (ÅÅÅÅ-MM-DD).")
    bemaerkning: Tekst | None = Field(
        None,
        description=(
            "Juristens bemærkning, eller hvor kommentarerne står (valgfrit); vises på "
            "siden."
        ),
        examples=["Skriv juristens bemærkning"],
    )

    @model_validator(mode="after")
    def _who_and_when(self) -> JuridiskGennemgang:
        if self.status != "afventer":
            if self.rolle is None:
                raise FieldError("rolle", (
                    f"mangler; skriv, hvem der har gennemgået teksten ({self.status}), som en "
                    "rolle, fx 'Kommunens jurist'"))
            if self.dato is None:
                raise FieldError("dato", (
                    f"mangler; skriv datoen for gennemgangen ({self.status}) som ÅÅÅÅ-MM-DD"))
        if self.rolle is not None and looks_like_a_name(self.rolle):
            raise FieldError("rolle", (
                f"'{self.rolle}' ligner en persons navn; skriv en rolle, fx 'Kommunens jurist'"))
        return self


def _gennemgang(value: object) -> object:
    """`ja` (or true) is a text awaiting review; `nej` (or false) none; else the group."""
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("ja", "nej"):
            value = word == "ja"
        else:
            raise ValueError(
                f"forventede ja, nej eller en gruppe med status, rolle og dato, fik '{value}'")
    if value is True:
        return {"status": "afventer"}
    if value is False:
        return None
    return value


JuridiskGennemgangFelt = Annotated[JuridiskGennemgang | None, BeforeValidator(_gennemgang)]
"""`ja`/`nej` as before, or the structured record of a legal review."""


class Indhold(Model):
    """Fields every guidance item carries (governance, as GOV.UK and NHS guidance pages do)."""

    id: Slug = Field(
        description=(
            "Entydigt id: små bogstaver a-z, tal og bindestreg (ikke æ, ø, å eller "
            "mellemrum). Skal være det samme som filnavnet."
        ),
    )
    titel: Tekst = Field(description="Overskriften, som læserne ser.")
    resume: Tekst = Field(
        title="Resumé",
        description="Et kort resumé på én til to sætninger; vises i oversigter og i søgningen.",
        examples=["Skriv et kort resumé på én til to sætninger"],
    )
    status: Status = Field(
        description=(
            "Hvor langt teksten er. Brug udkast, når teksten bygger på vores egen "
            "tolkning; godkendt kun når en kilde siger, at kommunen har godkendt den."
        ),
        examples=["udkast"],
    )
    ejer: Tekst = Field(
        description="Den enhed eller rolle, der ejer teksten (aldrig en persons navn).",
        examples=["Skriv den enhed eller rolle, der ejer teksten"],
    )
    sidst_revideret: date = Field(
        description="Datoen for seneste gennemgang af teksten (ÅÅÅÅ-MM-DD).",
    )
    naeste_revision: date = Field(
        description=(
            "Hvornår teksten senest skal gennemgås igen (ÅÅÅÅ-MM-DD); skal ligge efter "
            "sidst_revideret. `handbook review` viser tekster, der snart skal "
            "gennemgås."
        ),
    )
    kilder: list[Slug] = Field(
        min_length=1,
        description=(
            "Hvor teksten kommer fra: id'er på kilder i registret "
            "content/kilder/kilder.yml, fx [kommissorium, barnets-lov-2]. Mangler "
            "kilden, så tilføj den i registret først."
        ),
        examples=[["kommissorium"]],
    )
    aendringer: list[Aendring] = Field(
        min_length=1,
        description="Ændringslog: tilføj en linje med dato og tekst, hver gang du ændrer noget.",
    )
    version: Tekst | None = Field(
        None,
        description="Versionsnummer, hvis teksten har et (valgfrit).",
        examples=["1.0"],
    )
    bemaerkning: Tekst | None = Field(
        None,
        description=(
            "En note i statusfeltet øverst på siden, fx hvad et udkast venter på "
            "(valgfrit)."
        ),
        examples=["Skriv, hvad udkastet venter på"],
    )
    juridisk_gennemgang: Annotated[JuridiskGennemgangFelt, Hidden(
        "shown through approval.gennemgang(), which the templates call; an approval lapses "
        "as approval.py says")] = Field(
        None,
        description=(
            "Den juridiske gennemgang: ja, mens teksten venter på den; ellers en gruppe "
            "med status, rolle og dato, når en jurist har gennemgået teksten. En senere "
            "væsentlig ændring gør en godkendelse ugyldig, så siden igen viser "
            "'afventer'."
        ),
    )
    noegleord: list[Tekst] = Field(
        [],
        description=(
            "Ekstra ord, som medarbejdere søger efter: synonymer og stavemåder uden æ, "
            "ø og å."
        ),
    )
    raekkefoelge: Annotated[int, Hidden(
        "the order of a section's items (resolve.py, render.py, pdf.py)")] = Field(
        100,
        description="Sorteringsnummer i afsnittet; lavere tal kommer først.",
    )
    mangler: list[Mangel] = Field(
        [],
        description=(
            "Det, kommunen endnu ikke har leveret, og som siden har brug for "
            "(valgfrit): fx en kontaktvej eller åbningstider. Vises på siden i boksen "
            "'Det mangler vi stadig' og på siden over alt, der mangler. Gæt aldrig: "
            "skriv hellere en mangel. Slet linjen, når svaret står i teksten."
        ),
    )

    @model_validator(mode="after")
    def _review_after_revision(self) -> Indhold:
        if self.naeste_revision <= self.sidst_revideret:
            raise FieldError(
                "naeste_revision",
                f"skal ligge efter sidst_revideret ({self.sidst_revideret.isoformat()})",
            )
        return self


class Strategi(Indhold):
    """One of the strategy's three tracks (spor)."""

    spor: Annotated[int, Hidden("the order of the tracks in print (pdf.py)")] = Field(
        ge=1, le=3, description="Sporets nummer i strategien: 1, 2 eller 3.")
    tekst: Markdown = Field(
        description="Sporets tekst (Markdown: **fed**, lister med - og [links](adresse)).",
        examples=["Skriv sporets tekst her. Du kan bruge Markdown."],
    )


class Citat(Model):
    """A quote, word for word, with the document it is taken from and who said it."""

    tekst: Tekst = Field(
        description="Citatet, ordret som i kilden.",
        examples=["Skriv citatet ordret"],
    )
    kilde: Slug = Field(
        description="Id'et på den kilde i registret, citatet står i.",
        examples=["kommissorium"],
    )
    afsender: Tekst = Field(
        description="Hvem der siger eller skriver det; aldrig 'kommunen' om en persons ord.",
        examples=["Skriv, hvem der siger eller skriver det"],
    )


class Vaerdi(Indhold):
    """One principle of the value set (spor 1)."""

    betydning: Markdown = Field(
        description="Hvad værdien betyder (Markdown).",
        examples=["Skriv, hvad værdien betyder."],
    )
    i_praksis: list[Tekst] = Field(
        min_length=1,
        description="Sådan ser værdien ud i hverdagen: mindst ét punkt.",
        examples=[["Skriv, hvordan værdien ses i hverdagen"]],
    )
    citat: Citat | None = Field(None, description="Et citat med kilde (valgfrit).")


class Alder(Model):
    """An age band in whole years, both ends included."""

    fra: int = Field(ge=0, le=25, description="Yngste alder i hele år (0–25).", examples=[0])
    til: int = Field(
        ge=0,
        le=25,
        description="Ældste alder i hele år (0–25); mindst den samme som fra.",
        examples=[18],
    )

    @model_validator(mode="after")
    def _ordered(self) -> Alder:
        if self.til < self.fra:
            raise FieldError("til", f"skal være mindst {self.fra} (som 'fra')")
        return self


class Niveau(Model):
    """One level of concern in a vejviser, with what to look for and what to do."""

    id: Slug = Field(
        description="Niveauets id, fx groen, gul eller roed; forskelligt for hvert niveau.",
        examples=["groen"],
    )
    titel: Tekst = Field(
        description="Niveauets overskrift, fx 'Du undrer dig'.",
        examples=["Skriv niveauets overskrift"],
    )
    farve: Niveaufarve = Field(description="Niveauets farve.", examples=["groen"])
    tegn: list[Tekst] = Field(
        min_length=1,
        description="Tegn, du kan se hos barnet eller den unge: mindst ét.",
        examples=[["Skriv et tegn, du kan se"]],
    )
    handlinger: list[Tekst] = Field(
        min_length=1,
        description="Det, du gør: mindst én handling.",
        examples=[["Skriv, hvad du gør"]],
    )
    involver: list[Tekst] = Field(
        [],
        description="Hvem du inddrager: roller og enheder, aldrig navne.",
    )
    tidsramme: Tekst = Field(
        description="Hvor hurtigt du handler, fx 'inden for to uger' eller 'samme dag'.",
        examples=["Skriv, hvor hurtigt du handler"],
    )
    forslag: JaNej = Field(
        False,
        description=(
            "ja, når tidsrammen er håndbogens forslag og ikke kommunens beslutning; "
            "læserne ser 'Forslag – ikke besluttet af kommunen' ved den."
        ),
    )
    hvis_intet_aendrer_sig: Tekst = Field(
        description="Hvad du gør, hvis intet ændrer sig.",
        examples=["Skriv, hvad du gør, hvis intet ændrer sig"],
    )
    indsatser: list[Slug] = Field(
        [],
        description=(
            "Id'er på indsatser i kataloget, der passer til niveauet; hver skal findes "
            "som en fil i content/indsatser/."
        ),
    )
    underretning: JaNej = Field(
        False,
        description=(
            "ja, når niveauet betyder, at du skal underrette kommunen (viser boksen om "
            "underretningspligten); ellers nej."
        ),
    )


class Afsnit(Model):
    titel: Tekst = Field(
        description="Afsnittets overskrift.",
        examples=["Skriv afsnittets overskrift"],
    )
    tekst: Markdown = Field(
        description="Afsnittets tekst (Markdown).",
        examples=["Skriv afsnittets tekst."],
    )


class Vejviser(Indhold):
    """A decision flow: what to do when you see early signs of mistrivsel."""

    maalgruppe: Tekst = Field(
        description="Hvem vejviseren gælder for.",
        examples=["Skriv, hvem vejviseren gælder for"],
    )
    alder: Alder = Field(description="Aldersgruppen i hele år; begge ender er medregnet.")
    indledning: Markdown | None = Field(
        None,
        description="En indledning før niveauerne (Markdown, valgfrit).",
        examples=["Skriv en indledning."],
    )
    niveauer: list[Niveau] = Field(
        min_length=1,
        description="Bekymringsniveauerne, fra mindst til mest alvorlig: mindst ét.",
    )
    afsnit: list[Afsnit] = Field(
        [],
        description=(
            "Ekstra afsnit efter niveauerne, fx samtalen med barnet, med forældrene, "
            "samtykke og dokumentation (valgfrit)."
        ),
    )


class Henvisning(Model):
    adgang: Adgang = Field(
        description=(
            "åben (alle kan bruge den), henvisning (en fagperson henviser) eller "
            "visitation (kommunen træffer afgørelse)."
        ),
        examples=["åben"],
    )
    trin: list[Tekst] = Field(
        min_length=1,
        description="Sådan henviser man, som nummererede trin: mindst ét.",
        examples=[["Skriv første trin"]],
    )


class Samtykke(Model):
    kraeves: JaNej = Field(
        description="ja eller nej: kræves forældrenes samtykke?",
        examples=[True],
    )
    forklaring: Tekst = Field(
        description="Forklaring på samtykket: hvad, til hvem og hvorfor.",
        examples=["Skriv, hvad forældrene giver samtykke til, til hvem og hvorfor"],
    )


class Indsats(Indhold):
    """An entry of the catalogue of interventions."""

    maalgruppe: Tekst = Field(
        description="Hvem indsatsen er til.",
        examples=["Skriv, hvem indsatsen er til"],
    )
    alder: Alder = Field(description="Aldersgruppen i hele år; begge ender er medregnet.")
    omraader: list[Omraade] = Field(
        min_length=1,
        description="De områder, der bruger indsatsen: mindst ét.",
    )
    trin: int = Field(
        ge=1,
        le=4,
        description=(
            "Trin på indsatstrappen: "
            + "; ".join(f"{n} = {label.split(': ', 1)[1]}" for n, label in TRIN_LABELS.items())
            + "."
        ),
    )
    formaal: Markdown = Field(
        description="Hvad indsatsen skal opnå (Markdown).",
        examples=["Skriv, hvad indsatsen skal opnå."],
    )
    metode: Markdown | None = Field(
        None,
        description="Hvordan der arbejdes i indsatsen (Markdown, valgfrit).",
        examples=["Skriv, hvordan der arbejdes i indsatsen."],
    )
    henvisning: Henvisning = Field(
        description="Hvordan et barn eller en familie kommer i gang med indsatsen.",
    )
    samtykke: Samtykke = Field(description="Om forældrenes samtykke kræves, og hvorfor.")
    udbyder: Tekst = Field(
        description="Den enhed, der leverer indsatsen.",
        examples=["Skriv den enhed, der leverer indsatsen"],
    )
    kontakt: Tekst = Field(
        description=(
            "Den enhed eller rolle, man kontakter. Ingen opdigtede navne, telefonnumre "
            "eller e-mails."
        ),
        examples=["Skriv den enhed eller rolle, man kontakter"],
    )
    lovgrundlag: Tekst | None = Field(
        None,
        description=(
            "Lovgrundlaget (valgfrit). Skriv kun et §-nummer, du har bekræftet i en "
            "kilde."
        ),
        examples=["Skriv lovgrundlaget, hvis en kilde bekræfter det"],
    )
    varighed: Tekst | None = Field(
        None,
        description="Hvor længe indsatsen varer (valgfrit).",
        examples=["Skriv, hvor længe indsatsen varer"],
    )
    ventetid: Tekst | None = Field(
        None,
        description="Ventetid, hvis der er en (valgfrit).",
        examples=["Skriv ventetiden"],
    )
    begreber: list[Slug] = Field(
        [],
        description=(
            "Id'er på begreber i ordlisten, som siden bruger; hvert skal findes i "
            "ordlisten."
        ),
    )
    se_ogsaa: list[Slug] = Field(
        [],
        description=(
            "Id'er på beslægtede indsatser; hver skal findes som en fil i "
            "content/indsatser/."
        ),
    )


class Organisering(Indhold):
    """A body or role in the organisation of the strategy work."""

    tekst: Markdown = Field(
        description="Beskrivelsen (Markdown).",
        examples=["Skriv beskrivelsen her."],
    )
    opgaver: list[Tekst] = Field(
        [],
        description="Opgaverne, ét punkt pr. opgave (valgfrit).",
        examples=[["Skriv en opgave"]],
    )
    sammensaetning: Tekst | None = Field(
        None,
        description="Hvem der deltager: roller og enheder, aldrig navne (valgfrit).",
        examples=["Skriv, hvilke roller og enheder der deltager"],
    )


class Begreb(Model):
    id: Slug = Field(description="Begrebets id: små bogstaver a-z, tal og bindestreg.")
    term: Tekst = Field(description="Ordet, som læserne ser det.")
    forklaring: Markdown = Field(
        description="Forklaringen i almindeligt sprog (Markdown).",
        examples=["Skriv, hvad begrebet betyder, i én til tre sætninger."],
    )
    se_ogsaa: list[Slug] = Field([], description="Id'er på beslægtede begreber i ordlisten.")


class Ordliste(Indhold):
    """The glossary: one file holding every term."""

    begreber: list[Begreb] = Field(min_length=1, description="Begreberne i ordlisten: mindst ét.")


class Kilderegister(Indhold):
    """The register of sources: one file describing every document the handbook cites."""

    dokumenter: list[Kilde] = Field(
        min_length=1,
        description="Hvert dokument, håndbogen bygger på, én gang.",
    )


Telefon = Annotated[str, StringConstraints(pattern=r"^(1\d\d|\d{2} \d{2} \d{2} \d{2})$")]
"""A Danish phone number as staff read it aloud: "112", or eight digits in pairs "47 35 10 00"."""


def tel_href(telefon: str) -> str:
    """The `tel:` address of a number: "tel:112", "tel:+4547351000" (the visible digits, with
    the country code in front of an eight-digit number)."""
    digits = telefon.replace(" ", "")
    return f"tel:{digits}" if len(digits) == 3 else f"tel:+45{digits}"


class Kontakt(Model):
    """One number staff call (the contact register, content/kontakter/kontakter.yml)."""

    id: Slug = Field(
        description=(
            "Kontaktens id: alarm, kommunen, politi eller et nyt id med a-z og "
            "bindestreg."
        ),
    )
    navn: Tekst = Field(description="Hvem der svarer, fx 'Nordsjællands Politi'.")
    telefon: Telefon = Field(
        description="Nummeret som det læses op: '112' eller otte cifre i par, '47 35 10 00'.",
    )
    hvornaar: Tekst = Field(
        description="Hvornår du ringer til nummeret, kort, fx 'Uden for åbningstid'.",
    )
    adresse: Tekst | None = Field(
        None,
        description="Hvor man kan møde op i stedet for at ringe (valgfrit).",
    )
    kilde: Slug | None = Field(
        None,
        description="Id'et på kilden i kilder.yml, hvor nummeret er læst.",
    )

    @property
    def href(self) -> str:
        return tel_href(self.telefon)


class Underretningskanal(Model):
    """How a professional makes an underretning, beyond the phone: each fact only with the
    source it was read in (a missing fact is a gap in the register's `mangler`)."""

    skema: Tekst | None = Field(
        None,
        description=(
            "Adressen (https://…) på kommunens digitale underretningsskema for "
            "fagpersoner; kun hvis en kilde giver den."
        ),
    )
    skema_kilde: Slug | None = Field(None, description="Id'et på kilden til adressen på skemaet.")
    anonym: Tekst | None = Field(
        None,
        description="Om en fagperson kan underrette anonymt, i én sætning, som kilden siger det.",
    )
    anonym_kilde: Slug | None = Field(
        None, description="Id'et på kilden til, om en fagperson kan være anonym.")

    @model_validator(mode="after")
    def _sourced(self) -> Underretningskanal:
        if self.skema and not self.skema.startswith("https://"):
            raise FieldError("skema", "skal være en offentlig adresse (https://…)")
        if self.skema and not self.skema_kilde:
            raise FieldError("skema_kilde", "skriv kilden til adressen på skemaet")
        if self.anonym and not self.anonym_kilde:
            raise FieldError("anonym_kilde", "skriv kilden til, om en fagperson kan være anonym")
        return self


class Kontaktregister(Indhold):
    """The numbers staff call, written once: the Akut box, every akut level, every level that
    means an underretning and the handouts print them from here as tappable `tel:` links."""

    kontakter: list[Kontakt] = Field(
        min_length=1,
        description=(
            "Telefonnumrene, medarbejderne ringer til, i den rækkefølge de vises. Skal "
            "have kontakterne 'alarm' (112), 'kommunen' og 'politi' (uden for "
            "åbningstid)."
        ),
    )
    underretning: Underretningskanal | None = Field(
        None,
        description=(
            "Hvordan en fagperson underretter ud over telefonen. Skriv kun det, en "
            "kilde siger; det, der mangler, skrives under mangler."
        ),
    )

    @model_validator(mode="after")
    def _known_roles(self) -> Kontaktregister:
        ids = {k.id for k in self.kontakter}
        missing = [role for role in KONTAKT_ROLLER if role not in ids]
        if missing:
            raise FieldError("kontakter", "mangler kontakten " + ", ".join(
                f"'{role}'" for role in missing) + " (" + ", ".join(
                f"{role}: {what}" for role, what in KONTAKT_ROLLER.items()) + ")")
        return self

    def kontakt(self, role: str) -> Kontakt:
        return next(k for k in self.kontakter if k.id == role)


KONTAKT_ROLLER: dict[str, str] = {
    "alarm": "112",
    "kommunen": "kommunens nummer for underretninger",
    "politi": "uden for åbningstid",
}
"""The contacts every page relies on, by id."""


class Paragraf(Model):
    """One provision of a law the handbook refers to, as text writes it: "Barnets Lov § 133"
    or "Barnets Lov § 2, stk. 3"."""

    lov: Annotated[Tekst, Hidden("shown through the properties navn and anker")] = Field(
        description="Lovens navn, som teksten skriver det, fx 'Barnets Lov'.")
    paragraf: Annotated[str, StringConstraints(pattern=r"^\d+( [a-z])?$")] = Field(
        description="Paragraffens nummer, fx '133' eller '49 a' (i anførselstegn).",
    )
    stk: int | None = Field(
        default=None,
        ge=1,
        description="Stykket, hvis henvisningen gælder ét stykke (valgfrit).",
    )
    titel: Tekst = Field(description="Hvad paragraffen handler om, kort og på dansk.")
    i_kraft: date | None = Field(
        None,
        description="Hvornår paragraffen trådte i kraft (ÅÅÅÅ-MM-DD, valgfrit).",
    )
    afloeser: list[Tekst] = Field(
        [],
        description="De paragraffer, den afløste, fx ['Serviceloven § 153'].",
    )
    adresse: Tekst | None = Field(
        None,
        description="Lovtekstens offentlige adresse (retsinformation.dk).",
    )
    laest: date | None = Field(None, description="Datoen, nogen læste lovteksten (ÅÅÅÅ-MM-DD).")
    bemaerkning: Tekst | None = Field(
        None,
        description="En note, læserne ser ved paragraffen (valgfrit).",
    )
    bekraeftet: JaNej = Field(
        False,
        description=(
            "ja kun, når nummeret er læst i lovens egen tekst; ellers nej (læserne ser, "
            "at paragraffen ikke er efterprøvet)."
        ),
    )

    @property
    def navn(self) -> str:
        stk = f", stk. {self.stk}" if self.stk else ""
        return f"{self.lov} § {self.paragraf}{stk}"

    @property
    def anker(self) -> str:
        stk = f"-stk-{self.stk}" if self.stk else ""
        slug = self.lov.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
        return "-".join(slug.split()) + "-" + self.paragraf.replace(" ", "") + stk


class Lovregister(Indhold):
    """The provisions the handbook refers to, and repealed ones text may only name as former."""

    paragraffer: list[Paragraf] = Field(
        min_length=1,
        description="Hver paragraf, håndbogens tekst henviser til.",
    )
    ophaevede: list[Tekst] = Field(
        [],
        description=(
            "Ophævede paragraffer, fx 'Serviceloven § 153'. Tekst må kun nævne dem med "
            "'tidligere' foran."
        ),
    )


class Side(Indhold):
    """A free Markdown page; these fields are its front matter."""

    tekst: Markdown = Field(
        description="Sidens tekst: Markdown under linjen med --- (ikke et felt i metadata).",
        examples=["Skriv sidens tekst her. Du kan bruge Markdown."],
    )


Fase = Literal["planlagt", "i gang", "evalueret", "skaleret op", "stoppet"]
FASE_LABELS: dict[str, str] = {
    "planlagt": "Planlagt",
    "i gang": "I gang",
    "evalueret": "Evalueret",
    "skaleret op": "Skaleret op",
    "stoppet": "Stoppet",
}


class Faseskift(Model):
    """A dated step in a trial's course: when it started, was evaluated, scaled up or stopped."""

    dato: date = Field(description="Datoen for faseskiftet (ÅÅÅÅ-MM-DD).")
    fase: Fase = Field(description="Den fase, prøvehandlingen gik ind i.")
    tekst: Tekst = Field(description="Hvad der skete, i én sætning.",
                         examples=["Skriv, hvad der skete, i én sætning"])


class Fund(Model):
    """A dated finding from the evaluation of a trial."""

    dato: date = Field(description="Datoen for fundet (ÅÅÅÅ-MM-DD).")
    tekst: Tekst = Field(description="Fundet, i én eller to sætninger.",
                         examples=["Skriv fundet i én eller to sætninger"])


class Proevehandling(Indhold):
    """A trial (prøvehandling) on a limited area, evaluated to decide whether to scale it up."""

    formaal: Markdown = Field(description="Hvad prøvehandlingen skal afprøve og opnå (Markdown).",
                              examples=["Skriv, hvad prøvehandlingen skal afprøve og opnå."])
    omraader: list[Omraade] = Field(
        min_length=1,
        description="De områder, hvor prøvehandlingen afprøves: mindst ét.",
    )
    enheder: list[Tekst] = Field(
        [],
        description="De enheder, der deltager (navne på enheder, aldrig personer).",
    )
    start: date | None = Field(None, description="Startdato (ÅÅÅÅ-MM-DD, valgfrit).")
    slut: date | None = Field(None, description="Slutdato (ÅÅÅÅ-MM-DD, valgfrit); efter start.")
    forloeb: list[Faseskift] = Field(
        [],
        description=(
            "Forløbet som daterede faseskift, ældste først; det sidste er den nuværende "
            "fase."
        ),
    )
    evaluering: Markdown = Field(description="Hvordan prøvehandlingen evalueres (Markdown).",
                                 examples=["Skriv, hvordan prøvehandlingen evalueres."])
    fund: list[Fund] = Field([], description="Daterede fund fra evalueringen.")
    beslutning: Tekst | None = Field(
        None,
        description="Hvad der blev besluttet efter evalueringen (valgfrit).",
        examples=["Skriv, hvad der blev besluttet"],
    )
    indsatser: list[Slug] = Field(
        [],
        description=(
            "Id'er på indsatser, som prøvehandlingen ændrede eller skabte; hver skal "
            "findes som en fil i content/indsatser/."
        ),
    )
    vejviser_trin: list[Annotated[str, StringConstraints(
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*#[a-z0-9]+(-[a-z0-9]+)*$")]] = Field(
        [],
        description=(
            "Trin i en vejviser, som prøvehandlingen ændrede, skrevet som "
            "vejviser-id#niveau-id."
        ),
    )

    @property
    def fase(self) -> str:
        return self.forloeb[-1].fase if self.forloeb else "planlagt"

    @model_validator(mode="after")
    def _dates_in_order(self) -> Proevehandling:
        if self.start and self.slut and self.slut < self.start:
            raise FieldError("slut", f"skal ligge efter start ({self.start.isoformat()})")
        dates = [step.dato for step in self.forloeb]
        if dates != sorted(dates):
            raise FieldError("forloeb", "skal stå i datoorden, ældste først")
        return self
