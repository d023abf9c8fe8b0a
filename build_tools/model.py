"""Typed content model of the handbook.

Every YAML key is Danish (editors write them); the machinery is English. The models do no I/O:
`loader.py` reads files and feeds the parsed data in here.
"""

from __future__ import annotations

import re
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
    """Base of every model: unknown keys are errors, never silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)


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

    id: Slug
    titel: Tekst
    udgiver: Tekst
    """Who issued the document: "Frederikssund Kommune", "Social- og Boligstyrelsen"."""
    art: Kildeart
    dato: date | None = None
    """The document's own date; only when the document gives one."""
    forslag: JaNej = False
    """True when the document is a proposal (the kommissorium is marked FORSLAG)."""
    adresse: Tekst | None = None
    """The public address (https://…); none when the document is not public."""
    laest: date | None = None
    """The date someone read the address; only if they read it that day."""
    tekstfil: Tekst | None = None
    """Internal: the name of the document's text file in the folder `handbook check
    --kildetekster` is given, used only to verify quotes. Never shown to readers."""
    bemaerkning: Tekst | None = None
    """A note readers see beside the source, e.g. that the page still cites an older law."""

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

    dato: date
    tekst: Tekst
    vaegt: Vaegt = "væsentlig"
    """Whether staff should hear about it: væsentlige changes are listed on "Hvad er nyt";
    mindre ones (wording, typos, links) only in the page's own change log."""


class Mangel(Model):
    """A local fact the municipality has not supplied yet: shown on the page as a gap, never
    guessed (see DOMAIN.md's honesty rules)."""

    hvad: Tekst
    """What is missing, as staff would miss it ("Åbningstiderne for …")."""
    hvem: Tekst
    """The unit or role that should supply it (never a person's name)."""


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

    status: GennemgangStatus
    """godkendt (approved), kommentarer (reviewed, with comments to fix) or afventer."""
    rolle: Tekst | None = None
    """Who reviewed it, as a role ("Kommunens jurist"), never a person's name."""
    dato: date | None = None
    """The day of the review (ÅÅÅÅ-MM-DD)."""
    bemaerkning: Tekst | None = None
    """The reviewer's note or where the comments are, shown on the page."""

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

    id: Slug
    titel: Tekst
    resume: Tekst
    status: Status
    ejer: Tekst
    """The unit or role that owns the text (never a person's name)."""
    sidst_revideret: date
    naeste_revision: date
    kilder: list[Slug] = Field(min_length=1)
    """Ids of documents in the register of sources (content/kilder/kilder.yml)."""
    aendringer: list[Aendring] = Field(min_length=1)
    version: Tekst | None = None
    bemaerkning: Tekst | None = None
    """A note shown in the status banner, e.g. what an `udkast` is waiting for."""
    juridisk_gennemgang: JuridiskGennemgangFelt = None
    """The text's legal review: `ja` while it awaits one, or {status, rolle, dato,
    bemaerkning}; a later `væsentlig` change makes an approval lapse (approval.py)."""
    noegleord: list[Tekst] = []
    """Extra words staff search for (synonyms, spellings without æøå)."""
    raekkefoelge: int = 100
    """Sort order within its section; lower comes first."""
    mangler: list[Mangel] = []
    """Local facts the municipality must still supply (the register of gaps)."""

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

    spor: int = Field(ge=1, le=3)
    tekst: Markdown


class Citat(Model):
    """A quote, word for word, with the document it is taken from and who said it."""

    tekst: Tekst
    kilde: Slug
    """Id of the document in the register of sources."""
    afsender: Tekst
    """Who said or wrote it: "Borgmester Tina Tving Stauning (A)", "Kommissoriet (forslag)"."""


class Vaerdi(Indhold):
    """One principle of the value set (spor 1)."""

    betydning: Markdown
    i_praksis: list[Tekst] = Field(min_length=1)
    citat: Citat | None = None


class Alder(Model):
    """An age band in whole years, both ends included."""

    fra: int = Field(ge=0, le=25)
    til: int = Field(ge=0, le=25)

    @model_validator(mode="after")
    def _ordered(self) -> Alder:
        if self.til < self.fra:
            raise FieldError("til", f"skal være mindst {self.fra} (som 'fra')")
        return self


class Niveau(Model):
    """One level of concern in a vejviser, with what to look for and what to do."""

    id: Slug
    titel: Tekst
    farve: Niveaufarve
    tegn: list[Tekst] = Field(min_length=1)
    handlinger: list[Tekst] = Field(min_length=1)
    involver: list[Tekst] = []
    tidsramme: Tekst
    forslag: JaNej = False
    """True when the level's time limit is the handbook's proposal, not the municipality's
    decision: readers see "Forslag – ikke besluttet af kommunen" beside it."""
    hvis_intet_aendrer_sig: Tekst
    indsatser: list[Slug] = []
    """Ids of catalogue entries that fit this level."""
    underretning: JaNej = False
    """True when this level means making an underretning (shows the legal callout)."""


class Afsnit(Model):
    titel: Tekst
    tekst: Markdown


class Vejviser(Indhold):
    """A decision flow: what to do when you see early signs of mistrivsel."""

    maalgruppe: Tekst
    alder: Alder
    indledning: Markdown | None = None
    niveauer: list[Niveau] = Field(min_length=1)
    afsnit: list[Afsnit] = []
    """Extra sections: talking with the child, with the parents, consent, documentation."""


class Henvisning(Model):
    adgang: Adgang
    trin: list[Tekst] = Field(min_length=1)
    """How to refer, as numbered steps."""


class Samtykke(Model):
    kraeves: JaNej
    forklaring: Tekst


class Indsats(Indhold):
    """An entry of the catalogue of interventions."""

    maalgruppe: Tekst
    alder: Alder
    omraader: list[Omraade] = Field(min_length=1)
    trin: int = Field(ge=1, le=4)
    """Step on the indsatstrappe (see TRIN_LABELS)."""
    formaal: Markdown
    metode: Markdown | None = None
    henvisning: Henvisning
    samtykke: Samtykke
    udbyder: Tekst
    kontakt: Tekst
    """A unit or role to contact (no invented names, phone numbers or e-mails)."""
    lovgrundlag: Tekst | None = None
    varighed: Tekst | None = None
    ventetid: Tekst | None = None
    begreber: list[Slug] = []
    """Ids of glossary terms used on the page."""
    se_ogsaa: list[Slug] = []
    """Ids of related catalogue entries."""


class Organisering(Indhold):
    """A body or role in the organisation of the strategy work."""

    tekst: Markdown
    opgaver: list[Tekst] = []
    sammensaetning: Tekst | None = None


class Begreb(Model):
    id: Slug
    term: Tekst
    forklaring: Markdown
    se_ogsaa: list[Slug] = []


class Ordliste(Indhold):
    """The glossary: one file holding every term."""

    begreber: list[Begreb] = Field(min_length=1)


class Kilderegister(Indhold):
    """The register of sources: one file describing every document the handbook cites."""

    dokumenter: list[Kilde] = Field(min_length=1)


Telefon = Annotated[str, StringConstraints(pattern=r"^(1\d\d|\d{2} \d{2} \d{2} \d{2})$")]
"""A Danish phone number as staff read it aloud: "112", or eight digits in pairs "47 35 10 00"."""


def tel_href(telefon: str) -> str:
    """The `tel:` address of a number: "tel:112", "tel:+4547351000" (the visible digits, with
    the country code in front of an eight-digit number)."""
    digits = telefon.replace(" ", "")
    return f"tel:{digits}" if len(digits) == 3 else f"tel:+45{digits}"


class Kontakt(Model):
    """One number staff call (the contact register, content/kontakter/kontakter.yml)."""

    id: Slug
    navn: Tekst
    """Who answers: "Alarmcentralen", "Nordsjællands Politi"."""
    telefon: Telefon
    hvornaar: Tekst
    """When to call this number, as a short instruction: "Barnet er i fare lige nu"."""
    adresse: Tekst | None = None
    """Where to go instead of calling: "Center for Familie og Rådgivning, Østergade 3c"."""
    kilde: Slug | None = None
    """Id of the document in the register of sources where the number was read."""

    @property
    def href(self) -> str:
        return tel_href(self.telefon)


class Underretningskanal(Model):
    """How a professional makes an underretning, beyond the phone: each fact only with the
    source it was read in (a missing fact is a gap in the register's `mangler`)."""

    skema: Tekst | None = None
    """The address (https://…) of the municipality's self-service form for professionals."""
    skema_kilde: Slug | None = None
    anonym: Tekst | None = None
    """Whether a professional can report anonymously, in one sentence, as the source says."""
    anonym_kilde: Slug | None = None

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

    kontakter: list[Kontakt] = Field(min_length=1)
    """In the order they are shown; the first is the emergency number."""
    underretning: Underretningskanal | None = None

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

    lov: Tekst
    paragraf: Annotated[str, StringConstraints(pattern=r"^\d+( [a-z])?$")]
    """The number, with a letter where the law has one: "133", "49 a"."""
    stk: int | None = Field(default=None, ge=1)
    titel: Tekst
    """A short Danish title: "Skærpet underretningspligt"."""
    i_kraft: date | None = None
    afloeser: list[Tekst] = []
    """Provisions it replaced, written as text writes them: "Serviceloven § 153"."""
    adresse: Tekst | None = None
    """The public address of the law text (retsinformation.dk)."""
    laest: date | None = None
    bemaerkning: Tekst | None = None
    bekraeftet: JaNej = False
    """True only when the number was read in the law's own text."""

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

    paragraffer: list[Paragraf] = Field(min_length=1)
    ophaevede: list[Tekst] = []
    """Repealed provisions ("Serviceloven § 153"): text may name them only as former
    ("tidligere Serviceloven § 153")."""


class Side(Indhold):
    """A free Markdown page; these fields are its front matter."""

    tekst: Markdown
    """The page body (the Markdown after the front matter)."""


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

    dato: date
    fase: Fase
    tekst: Tekst


class Fund(Model):
    """A dated finding from the evaluation of a trial."""

    dato: date
    tekst: Tekst


class Proevehandling(Indhold):
    """A trial (prøvehandling) on a limited area, evaluated to decide whether to scale it up."""

    formaal: Markdown
    omraader: list[Omraade] = Field(min_length=1)
    enheder: list[Tekst] = []
    """The units taking part (names of units, not people)."""
    start: date | None = None
    slut: date | None = None
    forloeb: list[Faseskift] = []
    """Dated phase changes, oldest first; the last one is the trial's current phase."""
    evaluering: Markdown
    """How the trial is evaluated."""
    fund: list[Fund] = []
    beslutning: Tekst | None = None
    indsatser: list[Slug] = []
    """Catalogue entries the trial changed or created."""
    vejviser_trin: list[Annotated[str, StringConstraints(
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*#[a-z0-9]+(-[a-z0-9]+)*$")]] = []
    """Vejviser steps the trial changed, as 'vejviser-id#niveau-id'."""

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
