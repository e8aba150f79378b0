"""The scenario explorer's widget logic, driven from Python (no browser), and the app launcher."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.errors import ScenarioError
from naering_analysis.explorer import app
from naering_analysis.explorer.controller import (
    ExplorerInputs,
    ScenarioExplorer,
    build_scenario,
    check_goal,
    parse_rate_pct,
)
from naering_analysis.explorer.inputs import MODE_MULTIPLIER, MODE_RATE, NO_EVENT, slider_text
from naering_analysis.explorer.peers import PeerPlacement
from naering_analysis.numfmt import fmt_pct, fmt_signed
from naering_analysis.scenarios import Scenario, load_scenario

# One SN2007 group per bransje: (jobs in 2015, yearly growth).
INDUSTRIES = {
    "10-33": (1000, 0.00),  # Grønn industri
    "58-63": (500, 0.03),  # Digitalisering ...
    "86-88": (3000, 0.02),  # Helsebasert næring
    "45-47": (2000, 0.005),  # Handel, reiseliv ...
    "41-43": (1500, 0.01),  # Bygg og anlegg
    "84": (1200, 0.0),  # Øvrige næringer
}
FOCUS = [
    "Grønn industri",
    "Digitalisering og forretningsmessig tjenesteyting",
    "Helsebasert næring",
    "Handel, reiseliv, opplevelser, idrett og kultur",
    "Bygg og anlegg",
]


def explorer_frame() -> pd.DataFrame:
    """Sarpsborg and Norway (×400), 2015–2025, smooth growth with a small fixed wiggle."""
    rows = []
    for region, scale in (("3105", 1), ("0", 400)):
        for k, (code, (start, growth)) in enumerate(INDUSTRIES.items()):
            for t, year in enumerate(range(2015, 2026)):
                wiggle = 1 + 0.01 * ((t * (k + 2)) % 3 - 1)
                rows.append((region, code, year, round(scale * start * (1 + growth) ** t * wiggle)))
    frame = pd.DataFrame(rows, columns=["region_code", "industry_code", "year", "jobs"])
    frame["jobs"] = frame["jobs"].astype("Int64")
    frame["region_name"] = frame["region_code"].map({"3105": "Sarpsborg", "0": "Hele landet"})
    frame.attrs.update(
        synthetic=True,
        provenance=[{"table": "13470", "fetched_at": "2026-11-26T08:00:00Z", "synthetic": True}],
    )
    return frame


@pytest.fixture
def frame() -> pd.DataFrame:
    return explorer_frame()


@pytest.fixture
def ex(frame: pd.DataFrame, tmp_path: Path) -> ScenarioExplorer:
    return ScenarioExplorer(frame, "3105", n_paths=500, root=tmp_path)


def jobs(frame: pd.DataFrame, year: int, codes: list[str] | None = None) -> float:
    sub = frame.loc[(frame["region_code"] == "3105") & (frame["year"] == year)]
    if codes is not None:
        sub = sub.loc[sub["industry_code"].isin(codes)]
    return float(sub["jobs"].sum())


def inputs(**changes: object) -> ExplorerInputs:
    base = {
        "name": "Test",
        "mode": MODE_MULTIPLIER,
        "sliders": dict.fromkeys(FOCUS, 1.0),
        "base_method": "standard",
        "rate_text": "1,5",
        "base_year": 2022,
        "target_year": 2030,
        "event_target": None,
        "event_year": 2027,
        "event_jobs": 0,
    }
    base.update(changes)
    return ExplorerInputs(**base)  # type: ignore[arg-type]


# ---- the live view --------------------------------------------------------------------------


def test_every_label_the_explorer_shows_has_one_meaning(ex: ScenarioExplorer) -> None:
    """Widget names, key-figure names and legend entries are words from the terms registry."""
    import re

    from naering_analysis.explorer.inputs import MODE_OPTIONS
    from naering_analysis.reference.terms import label_problems

    view = ex.view
    fields = (view.method, view.target_rate, view.base_year, view.target_year)
    fields += (view.event_target, view.event_year, view.event_jobs, view.name)
    shown = [w.description for w in fields]
    shown += [text for text, _value in MODE_OPTIONS]
    shown += re.findall(r'<td style="padding:2px 16px 2px 0">([^<]+)</td>', view.summary.value)
    legend = ex.chart.ax.get_legend()
    shown += [t.get_text() for t in legend.get_texts()]
    assert len(shown) >= 8 + 2 + 6 + 4
    assert label_problems(shown) == []
    assert "Målbane (1,5\u00a0% per år fra 2022)" in shown


def test_opens_with_key_figures_banner_and_chart(ex: ScenarioExplorer) -> None:
    view = ex.view
    assert ex.error is None and ex.result is not None
    assert 'data-ok="1"' in view.summary.value
    assert fmt_signed(ex.result.gap_2030_jobs) in view.summary.value
    assert fmt_pct(ex.result.probability_of_goal, 0) in view.summary.value
    assert "Illustrasjonsdata – ikke offisielle tall" in view.banner.value
    assert view.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert list(view.sliders) == FOCUS


def test_gap_and_required_growth_by_hand(ex: ScenarioExplorer, frame: pd.DataFrame) -> None:
    """Naive base, every focus industry at 2 % a year: 2030 = focus·1.02^5 + others (unchanged)."""
    ex.view.method.value = "naive"
    ex.view.mode.value = MODE_RATE
    for slider in ex.view.sliders.values():
        slider.value = 2.0
    focus_2025 = jobs(frame, 2025, ["10-33", "58-63", "86-88", "45-47", "41-43"])
    others_2025 = jobs(frame, 2025, ["84"])
    target_2030 = jobs(frame, 2022) * 1.015**8
    expected_gap = focus_2025 * 1.02**5 + others_2025 - target_2030
    assert ex.result is not None
    assert ex.result.gap_2030_jobs == pytest.approx(expected_gap, abs=1e-6)
    needed = (target_2030 / jobs(frame, 2025)) ** (1 / 5) - 1
    assert ex.result.required_growth == pytest.approx(needed, rel=1e-9)
    assert f'data-gap="{expected_gap:.1f}"' in ex.view.summary.value
    assert fmt_signed(expected_gap) in ex.view.summary.value
    assert fmt_pct(needed, 1) in ex.view.summary.value


def test_slider_updates_gap_and_probability(ex: ScenarioExplorer) -> None:
    ex.view.mode.value = MODE_RATE
    assert ex.result is not None
    start_gap, start_updates = ex.result.gap_2030_jobs, ex.updates
    slider = ex.view.sliders["Helsebasert næring"]
    slider.value = slider.value + 1.0
    assert ex.result.gap_2030_jobs > start_gap
    assert ex.updates == start_updates + 1
    assert ex.view.readouts["Helsebasert næring"].value == slider_text(slider.value, MODE_RATE)
    for s in ex.view.sliders.values():
        s.value = -5.0
    low = ex.result.probability_of_goal
    assert f'data-probability="{low:.4f}"' in ex.view.summary.value
    for s in ex.view.sliders.values():
        s.value = 10.0
    high = ex.result.probability_of_goal
    assert f'data-probability="{high:.4f}"' in ex.view.summary.value
    assert low < high
    assert low == 0.0 and high == 1.0  # −5 % or +10 % a year leave no doubt either way


def test_multiplier_one_is_the_base_projection(ex: ScenarioExplorer) -> None:
    assert ex.scenario is not None and ex.result is not None
    assert len(ex.scenario.overrides) == 0
    base = ex.engine.run(Scenario(name="Grunnlag"), n_paths=500)
    assert ex.result.gap_2030_jobs == pytest.approx(base.gap_2030_jobs)
    ex.view.sliders["Bygg og anlegg"].value = 0.0  # freeze at today's level
    scenario, result = ex.scenario, ex.result
    assert scenario is not None and result is not None
    assert [(o.bransje, o.trend_multiplier) for o in scenario.overrides] == [
        ("Bygg og anlegg", 0.0)
    ]
    frozen = result.by_industry.query("industry_code == '41-43'")["jobs"]
    assert (frozen == float(ex.engine.history[list(ex.engine.industries).index("41-43"), -1])).all()


def test_rate_mode_starts_at_base_projection_rates(ex: ScenarioExplorer) -> None:
    ex.view.mode.value = MODE_RATE
    rates = ex.base_rates_pct()
    assert {k: s.value for k, s in ex.view.sliders.items()} == rates
    assert ex.scenario is not None
    assert [o.annual_rate for o in ex.scenario.overrides] == [
        round(rates[b] / 100, 6) for b in FOCUS
    ]
    ex.view.mode.value = MODE_MULTIPLIER
    assert all(s.value == 1.0 for s in ex.view.sliders.values())
    assert ex.scenario.overrides == ()


def test_job_event_adds_its_jobs_to_the_gap(ex: ScenarioExplorer) -> None:
    assert ex.result is not None
    before = ex.result.gap_2030_jobs
    ex.view.event_target.value = "Bygg og anlegg"
    assert not ex.view.event_year.disabled
    ex.view.event_year.value = 2027
    ex.view.event_jobs.value = 500
    assert ex.result.gap_2030_jobs == pytest.approx(before + 500)
    ex.view.event_target.value = NO_EVENT
    assert ex.view.event_jobs.disabled
    assert ex.result.gap_2030_jobs == pytest.approx(before)


# ---- invalid input: Norwegian messages, never a traceback -----------------------------------


@pytest.mark.parametrize(
    ("widget", "value", "message"),
    [
        ("target_year", 2020, "Målåret (2020) må være etter basisåret (2022)"),
        ("target_year", 2025, "Målåret (2025) må være etter siste dataår (2025)"),
        ("target_year", 2100, "Målåret (2100) kan være høyst 2050"),
        ("base_year", 2010, "Basisåret må være et år med data (2015–2025), fikk 2010"),
        ("target_rate", "-150", "Målveksten må være større enn −100 %"),
        ("target_rate", "-100", "Målveksten må være større enn −100 %"),
        ("target_rate", "abc", "Målveksten «abc» er ikke et tall"),
    ],
)
def test_invalid_goal_shows_norwegian_message(
    ex: ScenarioExplorer, widget: str, value: object, message: str
) -> None:
    getattr(ex.view, widget).value = value
    assert message in ex.view.status.value
    assert "naering-error" in ex.view.status.value
    assert "Traceback" not in ex.view.status.value
    assert ex.result is None and ex.error is not None
    assert ex.view.chart.layout.display == "none"
    assert 'data-ok="0"' in ex.view.summary.value
    ex.view.target_year.value, ex.view.base_year.value, ex.view.target_rate.value = (
        2030,
        2022,
        "1,5",
    )
    assert ex.error is None and ex.view.status.value == ""
    assert ex.view.chart.layout.display is None


def test_event_outside_the_horizon_is_refused(ex: ScenarioExplorer) -> None:
    ex.view.event_target.value = "Helsebasert næring"
    ex.view.event_year.value = 2024
    assert "Jobbhendelsen må komme etter siste dataår (2025)" in ex.view.status.value
    ex.view.event_year.value = 2028
    ex.view.event_jobs.value = -10_000  # more jobs lost than the industry has
    assert "negativt antall arbeidsplasser" in ex.view.status.value
    assert ex.result is None


def test_unexpected_error_becomes_a_message(
    ex: ScenarioExplorer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(ex.engine, "run", broken)
    ex.view.sliders["Bygg og anlegg"].value = 1.5
    assert "Uventet feil under beregningen: disk full" in ex.view.status.value


# ---- save and export ------------------------------------------------------------------------


def test_saved_yaml_round_trips(ex: ScenarioExplorer, tmp_path: Path) -> None:
    ex.view.method.value = "trend"
    ex.view.sliders["Digitalisering og forretningsmessig tjenesteyting"].value = 2.5
    ex.view.event_target.value = "Grønn industri"
    ex.view.event_jobs.value = -150
    ex.view.name.value = "Grønt løft"
    ex.view.save_button.click()
    path = tmp_path / "scenarios" / "gront_loft.yaml"
    assert path.is_file(), ex.view.status.value
    assert (
        "Scenario lagret" in ex.view.status.value
        and "Last ned gront_loft.yaml" in ex.view.files.value
    )
    loaded = load_scenario(path)
    assert loaded == ex.scenario.model_copy(update={"name": "Grønt løft"})  # type: ignore[union-attr]
    assert loaded.base_method == "trend" and loaded.events[0].jobs == -150
    assert "Jobbhendelse: \u2212150 i Grønn industri fra 2027." in loaded.description
    assert "Målt mot målet 1,5\u00a0% årlig vekst fra 2022 til 2030." in loaded.description
    assert loaded.overrides[0].trend_multiplier == 2.5
    rerun = ex.engine.run(loaded, n_paths=500)
    assert ex.result is not None and rerun.gap_2030_jobs == pytest.approx(ex.result.gap_2030_jobs)


def test_save_refuses_invalid_input(ex: ScenarioExplorer, tmp_path: Path) -> None:
    ex.view.target_year.value = 2020
    ex.view.save_button.click()
    assert "Målåret (2020)" in ex.view.status.value
    assert not (tmp_path / "scenarios").exists()
    ex.view.target_year.value = 2030
    ex.view.name.value = "   "
    ex.view.sliders["Bygg og anlegg"].value = 1.2  # the view stays live without a name
    assert ex.error is None and ex.scenario is not None and ex.scenario.name == "Mitt scenario"
    ex.view.save_button.click()
    assert "Gi scenariet et navn" in ex.view.status.value
    assert not (tmp_path / "scenarios").exists()


def test_export_writes_council_figure(ex: ScenarioExplorer, tmp_path: Path) -> None:
    written = ex.files.export(tmp_path / "out")
    assert sorted(written) == ["alt", "csv", "pdf", "png", "svg"]
    assert written["png"].name == "utforsker_mitt_scenario.png"
    assert "Illustrasjonsdata" in written["alt"].read_text(encoding="utf-8")
    cf = ex.files.council_figure()
    assert cf.synthetic and set(cf.data["scenario"]) == {"Mitt scenario"}
    assert cf.data["target_jobs"].notna().any()


# ---- pure helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rate"), [("1,5", 0.015), ("1.5 %", 0.015), (" −0,5 ", -0.005), ("2", 0.02)]
)
def test_parse_rate_pct(text: str, rate: float) -> None:
    assert parse_rate_pct(text) == pytest.approx(rate)


@pytest.mark.parametrize("text", ["", "1,5,0", "inf", "nan", "prosent"])
def test_parse_rate_pct_rejects(text: str) -> None:
    with pytest.raises(ScenarioError, match="Målveksten"):
        parse_rate_pct(text)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=-999, max_value=2000))
def test_parse_rate_pct_reads_norwegian_decimals(tenths: int) -> None:
    text = f"{tenths / 10:.1f}".replace(".", ",").replace("-", "\u2212")
    assert math.isclose(parse_rate_pct(text), tenths / 1000, abs_tol=1e-12)


def test_check_goal_lists_every_problem() -> None:
    assert check_goal(0.015, 2022, 2030, first_year=2015, latest_year=2025) == []
    problems = check_goal(-1.0, 2030, 2024, first_year=2015, latest_year=2025)
    assert len(problems) == 4
    assert problems[0] == "Målveksten må være større enn −100 % (fikk −100,0\u00a0%)."


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.sampled_from([0.0, 0.5, 1.0, 1.5, 3.0]), min_size=5, max_size=5),
    st.sampled_from([MODE_MULTIPLIER, MODE_RATE]),
)
def test_build_scenario_overrides_match_sliders(values: list[float], mode: str) -> None:
    scenario = build_scenario(inputs(mode=mode, sliders=dict(zip(FOCUS, values, strict=True))))
    got = {o.bransje: (o.trend_multiplier, o.annual_rate) for o in scenario.overrides}
    if mode == MODE_MULTIPLIER:
        assert got == {b: (v, None) for b, v in zip(FOCUS, values, strict=True) if v != 1.0}
    else:
        assert got == {b: (None, v / 100) for b, v in zip(FOCUS, values, strict=True)}
    assert "Laget i scenarioutforskeren" in scenario.description


# ---- the app launcher -----------------------------------------------------------------------


def test_resolve_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(app.PORT_ENV, raising=False)
    assert app.resolve_port() == 8866
    monkeypatch.setenv(app.PORT_ENV, "9001")
    assert app.resolve_port() == 9001
    assert app.resolve_port("9002") == 9002
    for bad in ("åtte", "0", "70000"):
        with pytest.raises(app.AppError, match="Ugyldig port"):
            app.resolve_port(bad)


def test_voila_options_hide_code_and_clean_up_kernels(tmp_path: Path) -> None:
    argv = app.voila_argv(8870, tmp_path / "nb.ipynb")
    assert argv[0] == str(tmp_path / "nb.ipynb")
    for option in (
        "--port=8870",
        "--Voila.ip=127.0.0.1",
        "--no-browser",
        "--strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        "--MappingKernelManager.cull_idle_timeout=600",
        "--MappingKernelManager.cull_connected=False",
    ):
        assert option in argv
    assert app.voila_config().VoilaConfiguration.prelaunch_hook is app.set_xsrf_cookie
    command = app.voila_command(8870, notebook=tmp_path / "nb.ipynb", python="py")
    assert command == [
        "py",
        "-m",
        "naering_analysis.explorer.app",
        "--port=8870",
        f"--notebook={tmp_path / 'nb.ipynb'}",
    ]


def test_xsrf_hook_touches_the_token() -> None:
    class Request:
        touched = False

        @property
        def xsrf_token(self) -> bytes:
            Request.touched = True
            return b"token"

    app.set_xsrf_cookie(Request(), notebook=None, cwd="/")
    assert Request.touched


def test_main_dry_run_and_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(app.PORT_ENV, raising=False)
    assert app.main(["--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "scenarioutforsker.ipynb" in out and "--port=8866" in out
    with pytest.raises(app.AppError, match="Fant ikke notatboken"):
        app.main(["--notebook", str(tmp_path / "mangler.ipynb")])


def test_port_in_use_is_reported(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        assert not app.port_is_free(port)
        notebook = tmp_path / "nb.ipynb"
        notebook.write_text("{}", encoding="utf-8")
        with pytest.raises(app.AppError, match=f"Porten {port} er i bruk"):
            app.main(["--port", str(port), "--notebook", str(notebook)])


# --- peers: where the scenario's growth would stand ---------------------------------------


def test_peer_placement_by_hand() -> None:
    past = pd.Series({"3101": 2.0, "3107": 1.0, "3110": 1.0, "3105": -5.0})
    placement = PeerPlacement("3105", "Sarpsborg", "2020–2025", {"Fylket": past})
    assert placement.rank(1.5, "Fylket") == (2, 4)  # only Halden's 2,0 % is higher
    assert placement.rank(1.0, "Fylket") == (2, 4)  # ties share the best rank
    assert placement.rank(0.0, "Fylket") == (4, 4)
    text = placement.describe(1.5, 2030, "Fylket")
    assert text.startswith(
        "Med 1,5\u00a0% vekst per år fram til 2030 ville Sarpsborg vært nr. 2 av 4"
    )
    assert "faktiske vekst per år 2020–2025" in text


def test_the_explorer_places_the_scenario_among_the_peers(
    frame: pd.DataFrame, tmp_path: Path
) -> None:
    past = pd.Series({"3101": 3.0, "3107": 0.1, "3110": -0.5})
    placement = PeerPlacement("3105", "Sarpsborg", "2020–2025", {"Fylket": past, "Landet": past})
    explorer = ScenarioExplorer(frame, "3105", n_paths=200, root=tmp_path, placement=placement)
    view = explorer.view
    assert list(view.peer_group.options) == ["Fylket", "Landet"]
    first = view.peer_text.value
    assert "nr. 2 av 4" in first and "«Fylket»" in first
    view.peer_group.value = "Landet"
    assert "«Landet»" in view.peer_text.value
    for slider in view.sliders.values():
        slider.value = 3.0  # a much faster scenario passes Halden's 3,0 %
    assert "nr. 1 av 4" in view.peer_text.value


def test_without_peers_the_selector_is_hidden(ex: ScenarioExplorer) -> None:
    assert ex.view.peer_group.layout.display == "none" and ex.view.peer_text.value == ""


def test_the_explorer_reads_its_frames_from_the_cache_not_the_snapshots(
    built_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing 13470's JSON-stat again cost the scenario notebook 1,3 s of its 2,2."""
    from naering_analysis.datasets import frames
    from naering_analysis.explorer.controller import explorer

    def parsed(*_args: object, **_kwargs: object) -> pd.DataFrame:
        raise AssertionError("the snapshot was parsed again")

    monkeypatch.setattr(frames, "employment", parsed)
    monkeypatch.setattr(frames, "population", parsed)
    shown = explorer("3105", root=built_project, n_paths=50)
    assert shown.placement is not None  # the peers' growth came from the cached frames too


def test_the_app_builds_the_data_before_it_serves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from naering_analysis.datasets import build

    steps: list[str] = []

    def fake_build(**kwargs: object) -> None:
        progress = kwargs["progress"]
        assert callable(progress)
        progress("Bygger employment.parquet")
        steps.append("build")

    monkeypatch.setattr(build, "build", fake_build)
    monkeypatch.setattr(app, "port_is_free", lambda port: True)
    monkeypatch.setattr(app, "serve", lambda port, notebook: steps.append("serve"))
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    assert app.main(["--port", "8899", "--notebook", str(notebook)]) == 0
    assert steps == ["build", "serve"]
    assert "  Bygger employment.parquet" in capsys.readouterr().out
