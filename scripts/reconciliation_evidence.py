"""Lag tallene om avstemmingen av næringene til totalen i docs/rekonsiliering.md.

Bruk (i prosjektets miljø):
    python scripts/reconciliation_evidence.py --csv /tmp/rekonsiliering

skriver tabellene (Markdown) og tidsmålingen av pakkens avstemming, og legger én kommunes
grunnprognoser, feil og vår MinT-avstemming som CSV i --csv. Sammenligningen med
hierarchicalforecast kjøres så i et eget, midlertidig miljø (aldri i prosjektets lås):

    python3.11 -m venv /tmp/hfenv && /tmp/hfenv/bin/pip install hierarchicalforecast pandas numpy
    /tmp/hfenv/bin/python scripts/reconciliation_evidence.py --hf /tmp/rekonsiliering

Alt her er SYNTETISKE DATA: demo-øyeblikksbildet (illustrasjonsdata) og verdenene fra
testgeneratoren (tests/forecast/worlds.py, frø 300, 150 kommuner). Ingenting her er SSB-tall.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
WORLD_SEED = 300
"""Seed of the generator's country-sized worlds, fixed before the first run."""
WORLDS = ("drift", "local")
PATHS = 2000
HF_REGION = "3105"
HF_ORIGIN = 2020
"""The municipality and origin whose hierarchy is compared with hierarchicalforecast."""


def _fmt(value: float, digits: int = 3) -> str:
    """Norwegian decimal comma."""
    return f"{value:.{digits}f}".replace(".", ",")


def markdown(evidence: pd.DataFrame) -> str:
    """The evidence as a Markdown table with Norwegian headings."""
    head = "| Avstemming | MASE totaler | rel. | MASE satsingsbransjer | rel. | Største avvik | Negative celler |"
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|"]
    for row in evidence.itertuples():
        lines.append(
            f"| {row.label} | {_fmt(row.mase_total)} | {_fmt(row.relative_total)} | "
            f"{_fmt(row.mase_focus)} | {_fmt(row.relative_focus)} | "
            f"{row.coherence_gap:.1e} | {_fmt(100 * row.negative_share, 2)} % |"
        )
    return "\n".join(lines)


def project_side(out: Path | None) -> None:
    """Tables on the demo and the worlds, our timing, and the CSV for hierarchicalforecast."""
    sys.path.insert(0, str(ROOT))
    from tests.forecast.worlds import national_sizes, random_walk_panel

    from naering_analysis.datasets.frames import employment
    from naering_analysis.forecast import choose_method
    from naering_analysis.forecast.methods import METHOD_LABELS
    from naering_analysis.forecast.reconcile_evidence import reconciliation_evidence

    cases: list[tuple[str, pd.DataFrame]] = [("Demo (syntetiske illustrasjonsdata)", employment())]
    cases += [
        (
            f"Verden «{w}» (syntetisk, frø {WORLD_SEED}, 150 kommuner)",
            random_walk_panel(WORLD_SEED, w, sizes=national_sizes(150, WORLD_SEED)),
        )
        for w in WORLDS
    ]
    for title, frame in cases:
        choice = choose_method(frame)
        start = time.perf_counter()
        evidence = reconciliation_evidence(frame, choice.method, choice.industry_method)
        seconds = time.perf_counter() - start
        n_munis = int(evidence["n_total"].iloc[0])
        print(f"\n### {title}\n")
        print(
            f"Totalen: {METHOD_LABELS[choice.method]} (`{choice.method}`); næringene: "
            f"{METHOD_LABELS[choice.industry_method]} (`{choice.industry_method}`). "
            f"{n_munis} prognoser av kommunetotaler (kommune × prognoseår × horisont), prognoseår {choice.origins[0]}–"
            f"{choice.origins[-1]}; beregnet på {_fmt(seconds, 1)} s.\n"
        )
        print(markdown(evidence))
        if title.startswith("Demo") and out is not None:
            write_hf_case(frame, choice.method, choice.industry_method, out)


def write_hf_case(frame: pd.DataFrame, total_method: str, industry_method: str, out: Path) -> None:
    """Write one municipality's hierarchy at :data:`HF_ORIGIN` and time our reconciliation."""
    from naering_analysis.forecast.aggregates import council_aggregates
    from naering_analysis.forecast.errors import build_panel, log_scale
    from naering_analysis.forecast.methods import NEEDS_REFERENCE
    from naering_analysis.forecast.reconcile import (
        allocation_weights,
        industry_covariance,
        reconcile_to_total,
    )
    from naering_analysis.forecast.reconcile_evidence import (
        TOTAL_CODE,
        _forecasts,
        joint_covariance,
        mint_full,
    )

    out.mkdir(parents=True, exist_ok=True)
    panel = build_panel(
        frame,
        need_reference=bool({total_method, industry_method} & NEEDS_REFERENCE),
        missing="drop",
    )
    aggregates = council_aggregates(panel.keys)
    inner, fc_ind, z_ind, _ = _forecasts(panel, aggregates, industry_method, "focus", 5, 5)
    _, fc_tot, _, z_tot_agg = _forecasts(panel, aggregates, total_method, "total", 5, 5)
    regions = panel.keys["region_code"].to_numpy().astype(str)
    industries = panel.keys["industry_code"].to_numpy().astype(str)
    totals = aggregates.subset("total")
    total_regions = totals.keys["region_code"].to_numpy().astype(str)
    used = aggregates.series_used()
    known = np.asarray(inner) + 1 <= HF_ORIGIN
    k, stop = inner.index(HF_ORIGIN), HF_ORIGIN - int(panel.years[0]) + 1
    rows = np.flatnonzero(regions == HF_REGION)
    codes = industries[rows]
    z1, zt = z_ind[known, :, 0], z_tot_agg[known][:, aggregates.is_total, 0]
    joint = joint_covariance(z1, zt, regions, industries, used, total_regions)
    cov = industry_covariance(z1, regions, industries, used)
    base = fc_ind[k][rows]
    total = fc_tot[k][rows].sum(axis=0)
    history = panel.jobs[rows, :stop]
    scale = log_scale(history)
    total_scale = float(log_scale(history.sum(axis=0, keepdims=True))[0])
    d = (np.maximum(base, 0.0) + 1.0) * scale[:, None]
    d_total = (np.maximum(total, 0.0) + 1.0) * total_scale
    sigma = joint.for_codes(np.append(codes, TOTAL_CODE))
    ours_ind, ours_tot = mint_full(base, total, sigma, d, d_total)
    # The residual rows behind ``joint``: one per municipality × earlier origin, every column known.
    col = {c: i for i, c in enumerate(joint.codes)}
    munis = list(dict.fromkeys(total_regions))
    table = np.full((int(known.sum()), len(munis), len(joint.codes)), np.nan)
    m_index = {m: i for i, m in enumerate(munis)}
    for s in np.flatnonzero(used):
        if industries[s] in col and regions[s] in m_index:
            table[:, m_index[regions[s]], col[industries[s]]] = z1[:, s]
    for j, m in enumerate(total_regions):
        table[:, m_index[m], col[TOTAL_CODE]] = zt[:, j]
    flat = table.reshape(-1, len(joint.codes))
    flat = flat[np.all(np.isfinite(flat), axis=1)]
    order = [col[c] for c in [TOTAL_CODE, *codes]]
    names = ["Total", *[f"Total/{c}" for c in codes]]
    pd.DataFrame(flat[:, order], columns=names).to_csv(out / "z.csv", index=False)
    pd.DataFrame(np.vstack([d_total, d]).T, columns=names).to_csv(out / "d.csv", index=False)
    pd.DataFrame(np.vstack([total, base]).T, columns=names).to_csv(out / "base.csv", index=False)
    ours = np.vstack([ours_tot, ours_ind]).T
    pd.DataFrame(ours, columns=names).to_csv(out / "ours_mint.csv", index=False)
    # Timing: the package's reconciliation of 2000 simulated paths × industries × 5 years.
    rng = np.random.default_rng(7)
    paths = base[:, None, :] * np.exp(rng.normal(0.0, 0.05, (len(base), PATHS, base.shape[1])))
    path_totals = total[None, :] * np.exp(rng.normal(0.0, 0.03, (PATHS, base.shape[1])))
    timings: dict[str, Any] = {"series": len(codes), "paths": PATHS, "years": int(base.shape[1])}

    def package() -> np.ndarray:
        weights = allocation_weights(cov, codes, base, scale)
        w = np.broadcast_to(weights[:, None, :], paths.shape)
        return reconcile_to_total(paths, path_totals, w)

    def standard() -> tuple[np.ndarray, np.ndarray]:
        return mint_full(paths, path_totals, sigma, d[:, None, :], d_total[None, :])

    for name, fn in (("package_immutable", package), ("standard_mint", standard)):
        fn()
        runs = []
        for _ in range(20):
            t0 = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t0)
        timings[name] = float(np.median(runs))
    np.save(out / "paths.npy", np.concatenate([path_totals[None], paths], axis=0))
    (out / "timing.json").write_text(json.dumps(timings, indent=1))
    print(
        f"\nTidsbruk, pakkens avstemming (fast total, MinT-shrink) av {PATHS} baner × "
        f"{len(codes)} næringer × {base.shape[1]} år for {HF_REGION}: "
        f"{_fmt(1000 * timings['package_immutable'], 2)} ms (median av 20); standard MinT med "
        f"samme kode: {_fmt(1000 * timings['standard_mint'], 2)} ms."
    )


def hf_side(folder: Path) -> None:
    """Run hierarchicalforecast's MinTrace(mint_shrink) on the CSV of :func:`write_hf_case`."""
    try:
        import hierarchicalforecast
        from hierarchicalforecast.core import HierarchicalReconciliation
        from hierarchicalforecast.methods import MinTrace
    except ImportError:
        print(
            "hierarchicalforecast er ikke installert i dette miljøet. Det hører ikke til "
            "prosjektets lås: kjør sammenligningen med /tmp/hfenv/bin/python (se toppen av filen)."
        )
        return
    z = pd.read_csv(folder / "z.csv")
    d = pd.read_csv(folder / "d.csv")
    base = pd.read_csv(folder / "base.csv")
    ours = pd.read_csv(folder / "ours_mint.csv")
    timing = json.loads((folder / "timing.json").read_text())
    names = list(base.columns)
    bottom = names[1:]
    s_matrix = np.vstack([np.ones((1, len(bottom))), np.eye(len(bottom))])
    s_df = pd.DataFrame(s_matrix, columns=bottom).assign(unique_id=names)[["unique_id", *bottom]]
    tags = {"Total": np.array(["Total"]), "Total/Næring": np.array(bottom)}
    steps = len(base)
    diffs, frames = [], []
    calls = []
    for t in range(steps):
        # One W per call: the residuals in jobs for year t (z · d_t), as ours uses for that year.
        resid = z.to_numpy() * d.iloc[t].to_numpy()[None, :]
        y_df = pd.DataFrame(
            {
                "unique_id": np.repeat(names, len(resid)),
                "ds": np.tile(np.arange(len(resid)), len(names)),
                "y": resid.T.ravel(),
                "base": 0.0,
            }
        )
        y_hat = pd.DataFrame(
            {"unique_id": names, "ds": len(resid), "base": base.iloc[t].to_numpy()}
        )
        rec = HierarchicalReconciliation([MinTrace(method="mint_shrink")])
        t0 = time.perf_counter()
        result = rec.reconcile(Y_hat_df=y_hat, Y_df=y_df, S_df=s_df, tags=tags)
        calls.append(time.perf_counter() - t0)
        got = result.set_index("unique_id").loc[names, "base/MinTrace_method-mint_shrink"]
        diffs.append(np.abs(got.to_numpy() - ours.iloc[t].to_numpy()))
        frames.append(got.to_numpy())
    diff = np.concatenate(diffs)
    hf_total = np.array([f[0] for f in frames])
    print(
        f"hierarchicalforecast {hierarchicalforecast.__version__}, MinTrace(method='mint_shrink')"
    )
    print(
        f"Største absolutte avvik fra vår «MinT-shrink, totalen kan flytte seg»: {diff.max():.3g} jobber"
    )
    print(f"Største relative avvik: {(diff / np.abs(np.vstack(frames)).ravel().clip(1)).max():.3g}")
    print(
        f"Totalen flyttet av hierarchicalforecast (år 1–{steps}): "
        f"{np.round(hf_total - base['Total'].to_numpy(), 1).tolist()} jobber"
    )
    per_call = float(np.median(calls))
    # 2000 paths: the numpy-level API, one call per year with every path as a column (one W per
    # year, as ours), and the DataFrame API once per path and year.
    mt = MinTrace(method="mint_shrink")
    paths = np.load(folder / "paths.npy")  # (1 + series, paths, years): total first
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        for t in range(paths.shape[2]):
            resid = z.to_numpy().T * d.iloc[t].to_numpy()[:, None]
            mt.fit_predict(
                S=s_matrix,
                y_hat=paths[:, :, t],
                y_insample=resid,
                y_hat_insample=np.zeros_like(resid),
            )
        runs.append(time.perf_counter() - t0)
    batched = float(np.median(runs))
    # The DataFrame API once per year, the 2000 paths as 2000 time stamps (one W per year).
    t0 = time.perf_counter()
    for t in range(paths.shape[2]):
        resid = z.to_numpy() * d.iloc[t].to_numpy()[None, :]
        y_df = pd.DataFrame(
            {
                "unique_id": np.repeat(names, len(resid)),
                "ds": np.tile(np.arange(len(resid)), len(names)),
                "y": resid.T.ravel(),
                "base": 0.0,
            }
        )
        y_hat = pd.DataFrame(
            {
                "unique_id": np.repeat(names, paths.shape[1]),
                "ds": np.tile(len(resid) + np.arange(paths.shape[1]), len(names)),
                "base": paths[:, :, t].ravel(),
            }
        )
        HierarchicalReconciliation([MinTrace(method="mint_shrink")]).reconcile(
            Y_hat_df=y_hat, Y_df=y_df, S_df=s_df, tags=tags
        )
    frame_api = time.perf_counter() - t0
    ours_ms = 1000 * timing["package_immutable"]
    n_paths, years = timing["paths"], timing["years"]
    print(
        f"Tid per kall (én kommune, {len(bottom)} næringer, ett år, DataFrame-API): "
        f"{1000 * per_call:.1f} ms"
    )
    print(
        f"{n_paths} baner × {years} år, DataFrame-API, ett kall per år (banene som tidspunkter): "
        f"{1000 * frame_api:.0f} ms"
    )
    print(
        f"{n_paths} baner × {years} år, numpy-API (MinTrace.fit_predict), ett kall per år: "
        f"{1000 * batched:.2f} ms"
    )
    print(f"Anslått med ett DataFrame-kall per bane og år: {n_paths * years * per_call:.0f} s")
    print(
        f"Pakkens avstemming av de samme banene: {ours_ms:.2f} ms. Forhold: "
        f"{batched * 1000 / ours_ms:.1f}× (numpy-API), {frame_api * 1000 / ours_ms:.0f}× "
        f"(DataFrame-API per år), {n_paths * years * per_call * 1000 / ours_ms:.0f}× (per bane)"
    )


def main() -> None:
    """Parse the arguments and run one side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, help="mappe for CSV til sammenligningen")
    parser.add_argument("--hf", type=Path, help="kjør hierarchicalforecast-delen på denne mappen")
    args = parser.parse_args()
    if args.hf is not None:
        hf_side(args.hf)
    else:
        project_side(args.csv)


if __name__ == "__main__":
    main()
