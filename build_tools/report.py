"""The half-yearly status report to the committees: what changed in the handbook, how the
trials moved, which texts are overdue for review and which local facts are still missing, for one
half-year."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from build_tools.items import Item, Loaded
from build_tools.model import TILBAGETRUKKET, Faseskift, Fund, Mangel, Proevehandling
from build_tools.registry import PROEVEHANDLINGER

PERIOD = re.compile(r"^(\d{4})[Hh]([12])$")
FIRST_PERIOD = "2023H2"
"""The strategy was approved on 30 August 2023; reporting starts with that half-year."""


@dataclass(frozen=True, order=True)
class Periode:
    start: date
    slut: date
    navn: str
    """e.g. 2026H1"""

    @property
    def label(self) -> str:
        return f"{self.navn[-1]}. halvår {self.start.year}"

    @property
    def slug(self) -> str:
        return self.navn.lower()

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.slut

    def next(self) -> Periode:
        year, half = self.start.year, int(self.navn[-1])
        return parse_periode(f"{year}H2" if half == 1 else f"{year + 1}H1")


def parse_periode(text: str) -> Periode:
    """'2026H1' → 1 January to 30 June 2026. Raises ValueError with a Danish message."""
    match = PERIOD.match(text.strip())
    if not match:
        raise ValueError(f"ugyldig periode '{text}'; skriv år og halvår, fx 2026H1 eller 2026H2")
    year, half = int(match.group(1)), int(match.group(2))
    if half == 1:
        return Periode(date(year, 1, 1), date(year, 6, 30), f"{year}H1")
    return Periode(date(year, 7, 1), date(year, 12, 31), f"{year}H2")


def _all_dates(loaded: Loaded) -> list[date]:
    dates = []
    for items in loaded.items.values():
        for item in items.values():
            dates += [change.dato for change in item.model.aendringer]
            if isinstance(item.model, Proevehandling):
                dates += [step.dato for step in item.model.forloeb]
                dates += [found.dato for found in item.model.fund]
    return dates


YEARS_AHEAD = 10
"""No report period starts more than this many years after today."""


def periods_for(loaded: Loaded) -> list[Periode]:
    """Every half-year from the strategy's approval to the latest dated entry in the content."""
    dates = _all_dates(loaded)
    if not dates:
        return []
    periods = [parse_periode(FIRST_PERIOD)]
    # Bounded whatever the content says (the check refuses dates past YEARS_AHEAD years too).
    last = min(max(dates), date(date.today().year + YEARS_AHEAD, 12, 31))
    while periods[-1].slut < last:
        periods.append(periods[-1].next())
    return periods


def open_gaps(loaded: Loaded, day: date | None = None) -> list[tuple[Item, Mangel]]:
    """The register of gaps: (item, gap) for every local fact the municipality must still
    supply, in items that are not withdrawn, by owner (`hvem`) and page title. With `day`, only
    the items that existed by then (their first edition). A supplied fact leaves the register
    when its line is deleted, so a past period counts only the gaps still open today."""
    rows = []
    for items in loaded.items.values():
        for item in items.values():
            if item.model.status == TILBAGETRUKKET:
                continue
            if day is not None and min(c.dato for c in item.model.aendringer) > day:
                continue
            rows += [(item, gap) for gap in item.model.mangler]
    rows.sort(key=lambda row: (row[1].hvem.casefold(), row[0].model.titel.casefold()))
    return rows


def gaps_by_owner(gaps: list[tuple[Item, Mangel]]) -> dict[str, dict[str, list[Item]]]:
    """owner → missing fact → the items that wait for it: one fact often stands on several
    pages (the opening hours on every flow), and its owner supplies it once."""
    owners: dict[str, dict[str, list[Item]]] = {}
    for item, gap in gaps:
        owners.setdefault(gap.hvem, {}).setdefault(gap.hvad, []).append(item)
    return owners


@dataclass
class Rapport:
    periode: Periode
    changes: list[tuple[date, Item, str]] = field(default_factory=list)
    """(date, item, text) of every change entry dated in the period, oldest first."""
    phases: dict[str, list[tuple[Item, Faseskift]]] = field(default_factory=dict)
    """phase → the trials that entered it in the period."""
    steps: dict[str, list[Faseskift]] = field(default_factory=dict)
    """trial id → its phase changes dated in the period."""
    findings: list[tuple[Item, Fund]] = field(default_factory=list)
    trials: list[Item] = field(default_factory=list)
    """Every trial with its phase at the end of the period."""
    overdue: list[Item] = field(default_factory=list)
    """Items whose next review date had passed at the end of the period."""
    gaps: dict[str, dict[str, list[Item]]] = field(default_factory=dict)
    """Local facts still missing at the end of the period: owner → fact → items."""

    @property
    def gap_count(self) -> int:
        """How many distinct facts the municipality still had to supply."""
        return sum(len(facts) for facts in self.gaps.values())

    def count(self, phase: str) -> int:
        return len(self.phases.get(phase, []))


def phase_at(trial: Proevehandling, day: date) -> str:
    """The trial's phase on a given day."""
    current = "planlagt"
    for step in trial.forloeb:
        if step.dato <= day:
            current = step.fase
    return current


def build_report(loaded: Loaded, periode: Periode) -> Rapport:
    report = Rapport(periode)
    for items in loaded.items.values():
        for item in items.values():
            for change in item.model.aendringer:
                if change.dato in periode:
                    report.changes.append((change.dato, item, change.tekst))
            if (item.model.status != TILBAGETRUKKET
                    and item.model.naeste_revision < periode.slut
                    and item.model.sidst_revideret <= periode.slut):
                report.overdue.append(item)
    report.changes.sort(key=lambda row: (row[0], row[1].model.titel))
    report.overdue.sort(key=lambda item: (item.model.naeste_revision, item.model.titel))
    report.gaps = gaps_by_owner(open_gaps(loaded, periode.slut))
    trials = sorted(loaded.items[PROEVEHANDLINGER].values(), key=lambda i: i.model.titel)
    for item in trials:
        trial = item.model
        assert isinstance(trial, Proevehandling)
        for step in trial.forloeb:
            if step.dato in periode:
                report.phases.setdefault(step.fase, []).append((item, step))
                report.steps.setdefault(item.id, []).append(step)
        report.findings += [(item, found) for found in trial.fund if found.dato in periode]
        report.trials.append(item)
    return report
