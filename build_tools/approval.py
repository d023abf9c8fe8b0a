"""The legal review of a text (`juridisk_gennemgang`) as readers and the check see it.

An item records its review itself: `ja` while it awaits one, or
`{status: godkendt|kommentarer|afventer, rolle, dato, bemaerkning}`. An approval lapses when
the text changes substantially afterwards: an `aendringer` entry with `vaegt: væsentlig`
dated after the approval. The page then shows the text as awaiting review again, and
`handbook check` warns. A warning, not an error: the change that makes an approval lapse is
often the urgent fix itself (a wrong phone number, a wrong deadline), and an error would stop
exactly that fix from being published; the page already tells readers the truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from build_tools.items import Loaded
from build_tools.model import TILBAGETRUKKET, Aendring, Indhold
from build_tools.problems import Problem

_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
           "september", "oktober", "november", "december")


def dansk_dato(value: date) -> str:
    """23. november 2026 (as render.dansk_dato; the check does not import the renderer)."""
    return f"{value.day}. {_MONTHS[value.month - 1]} {value.year}"


@dataclass(frozen=True)
class Gennemgang:
    """The state of a text's legal review today."""

    status: str
    """godkendt, kommentarer, afventer or bortfaldet (an approval a later change undid)."""
    rolle: str | None = None
    dato: date | None = None
    bemaerkning: str | None = None
    lapsed_by: Aendring | None = None
    """The first væsentlig change after the approval (when it lapsed)."""

    @property
    def approved(self) -> bool:
        return self.status == "godkendt"

    @property
    def awaiting(self) -> bool:
        """The text is not (or no longer) approved and waits for a lawyer."""
        return self.status in ("afventer", "bortfaldet")

    @property
    def label(self) -> str:
        """The state in a few words: "Afventer juridisk gennemgang"."""
        return {
            "godkendt": "Juridisk gennemgået",
            "kommentarer": "Juridisk gennemgået med kommentarer",
            "bortfaldet": "Afventer juridisk gennemgang igen",
        }.get(self.status, "Afventer juridisk gennemgang")

    @property
    def text(self) -> str:
        """What the label means for this text, one sentence."""
        who = f" af {self.rolle}" if self.rolle else ""
        when = dansk_dato(self.dato) if self.dato else ""
        if self.status == "godkendt":
            return f"{when}{who}."
        if self.status == "kommentarer":
            return f"{when}{who}; rettelserne afventer godkendelse."
        if self.status == "bortfaldet" and self.lapsed_by is not None:
            return (f"Teksten er ændret væsentligt {dansk_dato(self.lapsed_by.dato)}, efter "
                    f"den blev godkendt {when}{who}.")
        return "Henvisningerne til lovgivningen er ikke gennemgået af en jurist endnu."

    @property
    def line(self) -> str:
        """One Danish line for the page (site and print)."""
        if self.status == "godkendt":
            return f"{self.label} {self.text}"
        return f"{self.label}: {self.text}"


def lapsing_change(model: Indhold) -> Aendring | None:
    """The first substantial change dated after the text's legal approval, if any."""
    review = model.juridisk_gennemgang
    if review is None or review.status != "godkendt" or review.dato is None:
        return None
    later = [c for c in model.aendringer if c.vaegt == "væsentlig" and c.dato > review.dato]
    return min(later, key=lambda c: c.dato) if later else None


def gennemgang(model: Indhold) -> Gennemgang | None:
    """The text's legal review as it stands today (None: the text records none)."""
    review = model.juridisk_gennemgang
    if review is None:
        return None
    change = lapsing_change(model)
    status = "bortfaldet" if change is not None else review.status
    return Gennemgang(status, review.rolle, review.dato, review.bemaerkning, change)


def check_approvals(loaded: Loaded) -> list[Problem]:
    """A warning for every legal approval a later substantial change has made lapse."""
    problems = []
    for items in loaded.items.values():
        for item in items.values():
            model = item.model
            change = lapsing_change(model)
            if change is None or model.status == TILBAGETRUKKET:
                continue
            review = model.juridisk_gennemgang
            assert review is not None and review.dato is not None
            problems.append(Problem(
                item.source.display, item.line(("juridisk_gennemgang",)),
                "juridisk_gennemgang",
                f"godkendelsen fra {dansk_dato(review.dato)} er bortfaldet, fordi teksten er "
                f"ændret væsentligt {dansk_dato(change.dato)} ('{change.tekst}'); siden viser "
                "igen, at den afventer juridisk gennemgang. Få den gennemgået, og skriv den "
                "nye dato", warning=True))
    return problems
