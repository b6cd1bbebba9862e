"""The rewritten OCR networks compute what the wheel's networks compute, in fewer operators."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from etl.readers import ocr_graph

ort = pytest.importorskip("onnxruntime")
rapidocr = pytest.importorskip("rapidocr_onnxruntime")
onnx = pytest.importorskip("onnx")

MODELS = Path(rapidocr.__file__).parent / "models"


def _session(model) -> object:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.log_severity_level = 3
    return ort.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])


@pytest.mark.parametrize(
    ("name", "shape"),
    [
        ("ch_PP-OCRv4_rec_infer.onnx", (2, 3, 48, 200)),
        ("ch_PP-OCRv4_det_infer.onnx", (1, 3, 128, 96)),
        ("ch_ppocr_mobile_v2.0_cls_infer.onnx", (3, 3, 48, 192)),
    ],
)
def test_rewritten_network_gives_the_same_outputs_with_fewer_element_wise_passes(name, shape):
    path = MODELS / name
    folded = ocr_graph._rewrite(str(path))
    before = Counter(n.op_type for n in onnx.load(str(path)).graph.node)
    after = Counter(n.op_type for n in onnx.load_from_string(folded).graph.node)
    assert after["Clip"] < before["Clip"] or before["Clip"] == 0
    assert after["Div"] < before["Div"]
    assert after["Mul"] + after["Add"] < before["Mul"] + before["Add"]
    assert after["Conv"] == before["Conv"]  # only element-wise work went away
    image = np.random.default_rng(7).uniform(-1, 1, shape).astype(np.float32)
    want = _session(str(path)).run(None, {"x": image})[0]
    got = _session(folded).run(None, {"x": image})[0]
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, atol=1e-4)
    if want.ndim == 3:  # the recogniser: the same character at every step
        assert (got.argmax(-1) == want.argmax(-1)).all()


def test_the_rewrite_is_cached_and_a_damaged_cache_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    original = _session(str(MODELS / "ch_ppocr_mobile_v2.0_cls_infer.onnx"))
    fast = ocr_graph.fast_session(original, (1, 3, 48, 192))
    assert fast is not None
    (cached,) = ocr_graph.cache_dir().iterdir()
    assert cached.read_bytes() == ocr_graph._rewrite(original._model_path)  # deterministic
    cached.write_bytes(b"not a network")
    assert ocr_graph.fast_session(original, (1, 3, 48, 192)) is None  # the original is kept
    assert not cached.exists()
    assert ocr_graph.fast_session(original, (1, 3, 48, 192)) is not None
    assert cached.read_bytes() == ocr_graph._rewrite(original._model_path)
