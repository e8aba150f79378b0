"""scripts/sn2025_crosswalk.py finds a wrong name, a missing division and a link Klass lacks."""

import importlib.util
import json
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "sn2025_crosswalk.py"
spec = importlib.util.spec_from_file_location("sn2025_crosswalk", SCRIPT)
assert spec is not None and spec.loader is not None
script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(script)


def test_hierarchy_check_names_the_code(tmp_path):
    text = (
        '"code";"parentCode";"level";"name"\n'
        '"L";"";"1";"Finansiell tjenesteyting"\n'
        '"64";"L";"2";"Finansieringsvirksomhet og kollektive investeringsfond"\n'
        '"65";"L";"2";"Forsikring"\n'
    )
    lines = script.hierarchy_differences(script.load_crosswalk(), text)
    assert (
        "SN2025 65: navnet er 'Forsikringsvirksomhet, unntatt trygdeordninger underlagt "
        in "".join(lines)
    )
    assert not any(line.startswith("SN2025 64") for line in lines)
    assert "SN2025 01 finnes ikke hos SSB" in lines  # the toy export has only L


def test_klass_file_gives_exit_code_one_on_a_difference(tmp_path, capsys):
    path = tmp_path / "2919.json"
    maps = [
        {"sourceCode": "85.100", "targetCode": "88.911"},
        {"sourceCode": "63.920", "targetCode": "58.190"},
    ]
    path.write_text(json.dumps({"correspondenceMaps": maps}), "utf-8")
    assert script.main(["--klass-fil", str(path)]) == 1
    out = capsys.readouterr().out
    assert "Klass har SN2025 63 -> SN2007 58, koblingen mangler den" in out
    assert "Koblingen har SN2025 85 -> SN2007 88" not in out  # Klass has that one
