"""Widgets of the scenario explorer (:mod:`naering_analysis.explorer.controller`) and its key-figure panel.

The view only lays out; it holds no analysis. Every number a reader sees is formatted with
:mod:`naering_analysis.numfmt` (``29 399``, ``1,5 %``), so slider readouts are plain labels
rather than the widgets' English readouts.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import ipywidgets as widgets

from naering_analysis.explorer.chart import SCENARIO_COLOUR
from naering_analysis.explorer.inputs import (
    DEFAULT_NAME,
    MODE_MULTIPLIER,
    MODE_OPTIONS,
    NO_EVENT,
    SLIDER_RANGES,
    slider_text,
)
from naering_analysis.figures.style import NEGATIVE_COLOUR, SYNTHETIC_MARK
from naering_analysis.forecast.methods import METHOD_LABELS, METHODS
from naering_analysis.numfmt import fmt_int, fmt_pct, fmt_signed
from naering_analysis.reference.terms import label as term_label
from naering_analysis.scenarios.engine import ScenarioResult
from naering_analysis.scenarios.models import STANDARD_METHOD


def method_options(chosen: str) -> list[tuple[str, str]]:
    """Return the base-method choices as ``(Norwegian label, value)``.

    The first is ``standard``: the method ``chosen`` on the data being explored.

    >>> method_options("naive")[0]
    ('Valgt på dataene – Naiv (uendret nivå)', 'standard')
    """
    first = f"Valgt på dataene – {METHOD_LABELS.get(chosen, chosen)}"
    return [(first, STANDARD_METHOD)] + [(METHOD_LABELS.get(m, m), m) for m in METHODS]


class ExplorerView:
    """All widgets of the explorer, laid out; the controller wires them up.

    Parameters
    ----------
    focus
        The focus industries (bransje names) that get a slider.
    bransjer
        Every bransje a job event may target.
    defaults
        Initial goal values: ``base_year``, ``target_year``, ``event_year``.
    synthetic
        Show the "Illustrasjonsdata" banner.
    region_name
        Shown in the heading.
    chosen_method
        The method chosen on the data (what the first base-method option stands for).
    """

    def __init__(
        self,
        focus: Sequence[str],
        bransjer: Sequence[str],
        defaults: dict[str, int],
        synthetic: bool,
        region_name: str,
        chosen_method: str,
        peer_groups: Sequence[str] = (),
    ) -> None:
        lo, hi, step = SLIDER_RANGES[MODE_MULTIPLIER]
        self.focus = list(focus)
        self.sliders: dict[str, widgets.FloatSlider] = {}
        self.readouts: dict[str, widgets.Label] = {}
        rows = []
        for k, name in enumerate(self.focus):
            slider = widgets.FloatSlider(
                value=1.0, min=lo, max=hi, step=step, readout=False, continuous_update=False,
                layout=widgets.Layout(width="200px"),
            )  # fmt: skip
            slider.add_class(f"naering-slider-{k}")
            readout = widgets.Label(slider_text(1.0, MODE_MULTIPLIER))
            readout.add_class(f"naering-readout-{k}")
            self.sliders[name], self.readouts[name] = slider, readout
            label = widgets.Label(name, layout=widgets.Layout(width="340px"))
            rows.append(widgets.HBox([label, slider, readout]))
        self.mode = widgets.ToggleButtons(
            options=MODE_OPTIONS, value=MODE_MULTIPLIER, style={"button_width": "230px"}
        )
        self.method = widgets.Dropdown(
            options=method_options(chosen_method), value=STANDARD_METHOD, description=term_label("grunnmetode"),
            style={"description_width": "110px"}, layout=widgets.Layout(width="480px"),
        )  # fmt: skip
        text_style = {"description_width": "110px"}
        small = widgets.Layout(width="210px")
        self.target_rate = widgets.Text(
            value="1,5", description=term_label("maalrate"), continuous_update=False, style=text_style,
            layout=small,
        )  # fmt: skip
        self.base_year = widgets.IntText(
            value=defaults["base_year"],
            description=term_label("basisaar"),
            style=text_style,
            layout=small,
        )
        self.target_year = widgets.IntText(
            value=defaults["target_year"],
            description=term_label("maalaar"),
            style=text_style,
            layout=small,
        )
        self.event_target = widgets.Dropdown(
            options=[NO_EVENT, *bransjer], value=NO_EVENT, description=term_label("jobbhendelse"),
            style=text_style, layout=widgets.Layout(width="480px"),
        )  # fmt: skip
        self.event_year = widgets.IntText(
            value=defaults["event_year"], description=term_label("fra", 1), style=text_style, layout=small,
            disabled=True,
        )  # fmt: skip
        self.event_jobs = widgets.IntText(
            value=200,
            description=term_label("hendelse_arbeidsplasser"),
            style=text_style,
            layout=small,
            disabled=True,
        )
        for widget, css in [
            (self.mode, "naering-mode"),
            (self.method, "naering-method"),
            (self.target_rate, "naering-target-rate"),
            (self.base_year, "naering-base-year"),
            (self.target_year, "naering-target-year"),
            (self.event_target, "naering-event-target"),
            (self.event_year, "naering-event-year"),
            (self.event_jobs, "naering-event-jobs"),
        ]:
            widget.add_class(css)
        self.name = widgets.Text(
            value=DEFAULT_NAME, description=term_label("navn"), style={"description_width": "50px"},
            layout=widgets.Layout(width="300px"),
        )  # fmt: skip
        self.save_button = widgets.Button(
            description="Lagre scenario (YAML)", icon="save", layout=widgets.Layout(width="190px")
        )
        self.export_button = widgets.Button(
            description="Eksporter figur", icon="image", layout=widgets.Layout(width="150px")
        )
        self.save_button.add_class("naering-save")
        self.export_button.add_class("naering-export")
        self.chart = widgets.Image(
            format="png", layout=widgets.Layout(width="100%", max_width="760px")
        )
        self.chart.add_class("naering-chart")
        self.summary = widgets.HTML()
        self.summary.add_class("naering-summary")
        self.status = widgets.HTML()
        self.status.add_class("naering-status")
        self.files = widgets.HTML()
        self.files.add_class("naering-files")
        self.peer_group = widgets.Dropdown(
            options=list(peer_groups), value=peer_groups[0] if peer_groups else None,
            description="Sammenlign med", style={"description_width": "110px"},
            layout=widgets.Layout(width="480px", display=None if peer_groups else "none"),
        )  # fmt: skip
        self.peer_group.add_class("naering-peer-group")
        self.peer_text = widgets.HTML()
        self.peer_text.add_class("naering-peer-text")
        banner = (
            f'<div style="background:#fde8e4;color:#8a1c00;padding:6px 10px;font-weight:bold">'
            f"{escape(SYNTHETIC_MARK)}</div>"
            if synthetic
            else ""
        )
        self.banner = widgets.HTML(banner)
        self.banner.add_class("naering-banner")
        heading = widgets.HTML(
            f"<h3>Scenarioutforsker – arbeidsplasser i {escape(region_name)}</h3>"
        )
        controls = widgets.VBox(
            [
                widgets.HTML("<b>Satsingsbransjene</b>"),
                self.mode,
                *rows,
                widgets.HTML("<b>Framskriving og mål</b>"),
                self.method,
                widgets.HBox([self.target_rate, self.base_year, self.target_year]),
                widgets.HTML("<b>Jobbhendelse (f.eks. ny bedrift eller nedleggelse)</b>"),
                self.event_target,
                widgets.HBox([self.event_year, self.event_jobs]),
                widgets.HBox([self.name, self.save_button, self.export_button]),
            ]
        )
        results = widgets.VBox(
            [self.status, self.summary, self.peer_group, self.peer_text, self.chart, self.files]
        )
        columns = widgets.Box(
            [controls, results],
            layout=widgets.Layout(
                display="flex", flex_flow="row wrap", align_items="flex-start", grid_gap="24px"
            ),
        )  # side by side on a wide screen, stacked on a narrow one
        self.root = widgets.VBox([self.banner, heading, columns])
        self.root.add_class("naering-explorer")

    def inputs(self) -> list[widgets.Widget]:
        """Return every widget whose value change should trigger a recalculation."""
        return [
            *self.sliders.values(), self.method, self.target_rate, self.base_year,
            self.target_year, self.event_target, self.event_year, self.event_jobs,
            self.peer_group,
        ]  # fmt: skip

    def show_error(self, message: str) -> None:
        """Show a Norwegian message in the status line (red)."""
        self.status.value = (
            f'<div class="naering-error" style="color:#b00020;font-weight:bold">'
            f"{escape(message)}</div>"
        )

    def show_info(self, message: str) -> None:
        """Show a neutral status message (empty string clears it)."""
        self.status.value = (
            f'<div class="naering-info" style="color:#4d4d4d">{escape(message)}</div>'
            if message
            else ""
        )


def summary_html(result: ScenarioResult | None, rate: float, base_year: int, counter: int) -> str:
    """Return the key-figure panel; ``data-update`` counts redraws (the browser test waits on it).

    With no result (invalid input) the panel only says that nothing was computed.
    """
    if result is None:
        return (
            f'<div class="naering-summary-box" data-update="{counter}" data-ok="0">'
            "<i>Ingen beregning – rett feltet som er merket over.</i></div>"
        )
    frame = result.path
    end = result.target_year
    latest = int(frame.loc[frame["kind"] == "faktisk", "year"].max())
    row = frame.loc[frame["year"] == end].iloc[0]
    start_jobs = frame.loc[frame["year"] == latest, "jobs"].to_numpy(dtype=float)[0]
    end_jobs = frame.loc[frame["year"] == end, "jobs"].to_numpy(dtype=float)[0]
    growth = (end_jobs / start_jobs) ** (1.0 / (end - latest)) - 1.0
    gap = result.gap_2030_jobs
    colour = NEGATIVE_COLOUR if gap < 0 else SCENARIO_COLOUR
    items = [
        (term_label("arbeidsplasser", 1, year=end), f"{fmt_int(row['jobs'])} (80 %: {fmt_int(row['lo80'])}–{fmt_int(row['hi80'])})"),
        (term_label("maalbane", 1, year=end), f"{fmt_int(row['target_jobs'])} ({fmt_pct(rate, 1)} per år fra {base_year})"),
        (term_label("avvik_maalbane", 1, year=end), f'<span class="naering-gap" style="color:{colour};font-weight:bold">{fmt_signed(gap)}</span> arbeidsplasser'),
        (term_label("scenariets_vekst", period=f"{latest}–{end}"), f"{fmt_pct(growth, 1)} per år"),
        (term_label("nodvendig_vekst", period=f"{latest}–{end}"), f"{fmt_pct(result.required_growth, 1)} per år"),
        (term_label("sannsynlighet"), f'<span class="naering-probability">{fmt_pct(result.probability_of_goal, 0)}</span>'),
    ]  # fmt: skip
    rows = "".join(
        f'<tr><td style="padding:2px 16px 2px 0">{escape(k)}</td><td>{v}</td></tr>'
        for k, v in items
    )
    return (
        f'<div class="naering-summary-box" data-update="{counter}" data-ok="1" '
        f'data-gap="{gap:.1f}" data-probability="{result.probability_of_goal:.4f}">'
        f"<table>{rows}</table></div>"
    )
