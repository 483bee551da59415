"""The build pass's decoders are made without touching any class but the model's own records."""

from __future__ import annotations

import msgspec
import pytest

from store import model, schema


def test_making_a_build_decoder_lends_the_text_hook_to_the_models_records_alone(monkeypatch: pytest.MonkeyPatch):
    seen: dict[str, bool] = {}
    made = msgspec.json.Decoder

    def watching(*args: object, **kwargs: object) -> object:
        seen["base"] = "str" in vars(msgspec.Struct)  # every Struct of the process inherits what the base holds
        seen["model"] = "str" in vars(model.Payment)
        return made(*args, **kwargs)

    monkeypatch.setattr(msgspec.json, "Decoder", watching)
    schema._build_decoder(model.Payment)

    assert seen == {"base": False, "model": True}
    assert "str" not in vars(model.Payment)
