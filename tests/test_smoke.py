import re

import naering_analysis


def test_version_is_a_release_string():
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", naering_analysis.__version__)
    assert naering_analysis.__version__ != "0.0.0+unknown"
