"""Faster sessions for the PP-OCR networks: the same arithmetic in fewer passes over memory.

The ONNX files in the rapidocr wheel were converted from Paddle op by op: after
every convolution come a learnable scale and shift (``Mul``, ``Add``), a hard
swish spelt as four element-wise operators (``Add 3``, ``Clip 0..6``, ``Mul``,
``Div 6``) and another scale and shift. onnxruntime fuses none of these, so on
the CPU half of the recogniser's time and 40 % of the detector's went to
element-wise passes, not to convolutions.

This module rewrites the graphs when the engine first loads on a machine
(about a second; the result is cached under ``~/.cache/xxgk/ocr``, keyed by the
model file's hash; nothing is downloaded): a scalar scale or shift right after a
convolution goes into its weights and bias; a scale before a convolution into
its weights, and the shift into its bias where the convolution has no padding;
the hard swish becomes ``HardSigmoid`` × x. Every fold is exact algebra, not an
approximation: the rewritten network is checked against the original on a
fixed input when it loads, and the original is used if they differ (or if the
``onnx`` package is missing).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

#: Names the rewrite: a cached network made by another recipe is not reused.
RECIPE = "fold-scale-shift-hardswish/1"
#: Largest difference allowed between the original and the rewritten network's outputs.
TOLERANCE = 1e-3


def speed_up(wrapper: Any, probe: tuple[int, ...]) -> None:
    """Swap a rapidocr session wrapper's network for the rewritten one when it matches."""
    fast = fast_session(wrapper.session, probe)
    if fast is not None:
        wrapper.session = fast


def fast_session(original: Any, probe_shape: tuple[int, ...]) -> Any | None:
    """A session of the rewritten network of session ``original``; None to keep the original.

    ``probe_shape`` is the input shape both networks are compared on (fixed values).
    """
    import onnxruntime as ort

    path = getattr(original, "_model_path", None)  # onnxruntime keeps no public accessor
    folded = _folded(Path(path)) if isinstance(path, str) else None
    if folded is None:
        return None
    data, cached = folded
    try:
        fast = ort.InferenceSession(
            data, sess_options=original.get_session_options(), providers=["CPUExecutionProvider"]
        )
    except Exception:  # a damaged cache file: the original network still works
        fast = None
    probe = np.random.default_rng(0).uniform(-1, 1, probe_shape).astype(np.float32)
    name = original.get_inputs()[0].name
    want = original.run(None, {name: probe})[0]
    got = fast.run(None, {name: probe})[0] if fast is not None else None
    if got is None or want.shape != got.shape or float(np.abs(want - got).max()) > TOLERANCE:
        cached.unlink(missing_ok=True)  # made again by the next process
        return None
    return fast


def cache_dir() -> Path:
    """Where rewritten networks are kept between processes (``$XDG_CACHE_HOME/xxgk/ocr``)."""
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "xxgk" / "ocr"


def _folded(path: Path) -> tuple[bytes, Path] | None:
    """The rewritten model and its cache file: from the cache, else made now.

    Made now costs about a second, most of it importing ``onnx``.
    """
    data = path.read_bytes()
    key = hashlib.sha256(data + RECIPE.encode()).hexdigest()[:20]
    cached = cache_dir() / f"{path.stem}-{key}.onnx"
    try:
        return cached.read_bytes(), cached
    except OSError:
        pass
    try:
        import onnx  # noqa: F401  (the rewrite needs it; the engine works without)
    except ImportError:
        return None
    folded = _rewrite(str(path))
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, delete=False) as tmp:
            tmp.write(folded)
        Path(tmp.name).replace(cached)  # whole or not at all: workers may race
    except OSError:
        pass  # a read-only home: rewrite again next time
    return folded, cached


def _rewrite(path: str) -> bytes:
    """The model at ``path`` with its scale, shift and hard-swish chains folded."""
    import onnx
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 3
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    with tempfile.TemporaryDirectory() as tmp:
        # onnxruntime's own basic pass first: constants folded, batch norms into convolutions
        options.optimized_model_filepath = str(Path(tmp) / "basic.onnx")
        ort.InferenceSession(path, sess_options=options, providers=["CPUExecutionProvider"])
        model = onnx.load(options.optimized_model_filepath)
    _Folder(model.graph).run()
    return model.SerializeToString()


class _Folder:
    """One graph's rewrite: each pass folds one pattern, until none is left."""

    def __init__(self, graph: Any) -> None:
        from onnx import numpy_helper

        self.graph = graph
        self.nodes = list(graph.node)
        self.consts = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
        self.outputs = {o.name for o in graph.output}

    def run(self) -> None:
        passes = (self._conv_then_scalar, self._hard_swish, self._scalar_then_conv)
        while any(self._index() or fold() for fold in passes):
            pass
        del self.graph.node[:]
        self.graph.node.extend(self.nodes)
        used = {i for n in self.nodes for i in n.input}
        keep = [t for t in self.graph.initializer if t.name in used]
        del self.graph.initializer[:]
        self.graph.initializer.extend(keep)

    # helpers

    def _scalar(self, name: str) -> float | None:
        value = self.consts.get(name)
        return float(value.reshape(-1)[0]) if value is not None and value.size == 1 else None

    def _index(self) -> bool:
        """Who reads each value, rebuilt before every pass (a fold changes the graph)."""
        self.readers: dict[str, list[Any]] = defaultdict(list)
        for n in self.nodes:
            for i in n.input:
                self.readers[i].append(n)
        return False

    def _only_consumer(self, name: str) -> Any | None:
        users = self.readers.get(name, [])
        return users[0] if len(users) == 1 and name not in self.outputs else None

    def _set(self, name: str, value: np.ndarray) -> None:
        from onnx import numpy_helper

        tensor = numpy_helper.from_array(value.astype(np.float32), name)
        self.consts[name] = value
        for t in self.graph.initializer:
            if t.name == name:
                t.CopyFrom(tensor)
                return
        self.graph.initializer.append(tensor)

    def _weights(self, conv: Any) -> tuple[np.ndarray, np.ndarray] | None:
        if conv.op_type != "Conv" or conv.input[1] not in self.consts:
            return None
        w = self.consts[conv.input[1]]
        if len(conv.input) < 3:
            conv.input.append(conv.output[0] + "_bias")
            self._set(conv.input[2], np.zeros(w.shape[0], dtype=np.float32))
        if conv.input[2] not in self.consts:
            return None
        return w, self.consts[conv.input[2]]

    # patterns

    def _conv_then_scalar(self) -> bool:
        """Conv → (× s | ÷ s | + b | − b): into the convolution's weights and bias."""
        for conv in self.nodes:
            nxt = self._only_consumer(conv.output[0]) if conv.op_type == "Conv" else None
            if nxt is None or nxt.op_type not in ("Mul", "Div", "Add", "Sub"):
                continue
            if len(nxt.input) != 2 or (
                nxt.op_type in ("Div", "Sub") and nxt.input[1] == conv.output[0]
            ):
                continue
            s = self._scalar(nxt.input[1] if nxt.input[0] == conv.output[0] else nxt.input[0])
            wb = self._weights(conv) if s is not None and (nxt.op_type != "Div" or s) else None
            if s is None or wb is None:
                continue
            w, b = wb
            if nxt.op_type in ("Mul", "Div"):
                f = s if nxt.op_type == "Mul" else 1.0 / s
                w, b = w * f, b * f
            else:
                b = b + (s if nxt.op_type == "Add" else -s)
            self._set(conv.input[1], w)
            self._set(conv.input[2], b)
            conv.output[0] = nxt.output[0]
            self.nodes.remove(nxt)
            return True
        return False

    def _hard_swish(self) -> bool:
        """x · clip(x + 3, 0, 6) / 6 → x · HardSigmoid(x) (two passes instead of four)."""
        from onnx import helper

        for add in self.nodes:
            chain = self._swish_chain(add)
            if chain is None:
                continue
            x, div = add.input[0], chain[-1]
            sigmoid = helper.make_node(
                "HardSigmoid", [x], [add.output[0] + "_hsig"], alpha=1 / 6, beta=0.5
            )
            product = helper.make_node("Mul", [x, sigmoid.output[0]], [div.output[0]])
            at = self.nodes.index(add)
            for node in chain:
                self.nodes.remove(node)
            self.nodes[at:at] = [sigmoid, product]
            return True
        return False

    def _swish_chain(self, add: Any) -> list[Any] | None:
        if add.op_type != "Add" or len(add.input) != 2 or self._scalar(add.input[1]) != 3.0:
            return None
        clip = self._only_consumer(add.output[0])
        if clip is None or clip.op_type != "Clip" or len(clip.input) != 3:
            return None
        if (self._scalar(clip.input[1]), self._scalar(clip.input[2])) != (0.0, 6.0):
            return None
        mul = self._only_consumer(clip.output[0])
        if mul is None or mul.op_type != "Mul" or set(mul.input) != {add.input[0], clip.output[0]}:
            return None
        div = self._only_consumer(mul.output[0])
        if div is None or div.op_type != "Div" or self._scalar(div.input[1]) != 6.0:
            return None
        return [add, clip, mul, div]

    def _scalar_then_conv(self) -> bool:
        """× s (then + b) → Conv: s into the weights; b into the bias when nothing is padded.

        With padding, the shift stays in front as + b/s: the convolution pads
        what it is given with zeros, before and after the fold alike.
        """
        for mul in self.nodes:
            found = self._scale_into_conv(mul)
            if found is None:
                continue
            x, s, b, tail, conv = found
            w, bias = self._weights(conv) or (None, None)
            if w is None or bias is None:
                continue
            padded = any(a.name == "pads" and any(a.ints) for a in conv.attribute) or any(
                a.name == "auto_pad" and a.s not in (b"", b"NOTSET", b"VALID")
                for a in conv.attribute
            )
            self._set(conv.input[1], w * s)
            self.nodes.remove(mul)
            if tail is not mul:
                self.nodes.remove(tail)
            if b and padded:
                shift = mul.output[0] + "_shift"
                self._set(shift, np.array([b / s], dtype=np.float32))
                self.nodes.insert(self.nodes.index(conv), _add_node(x, shift, tail.output[0]))
            else:
                self._set(conv.input[2], bias + b * w.sum(axis=(1, 2, 3)))
                conv.input[0] = x
            return True
        return False

    def _scale_into_conv(self, mul: Any) -> tuple[str, float, float, Any, Any] | None:
        if mul.op_type != "Mul" or len(mul.input) != 2:
            return None
        scalars = [i for i in mul.input if self._scalar(i) is not None]
        s = self._scalar(scalars[0]) if len(scalars) == 1 else None
        if not s:
            return None
        x = mul.input[1] if mul.input[0] == scalars[0] else mul.input[0]
        tail, b = mul, 0.0
        nxt = self._only_consumer(mul.output[0])
        if nxt is not None and nxt.op_type == "Add" and len(nxt.input) == 2:
            other = nxt.input[1] if nxt.input[0] == mul.output[0] else nxt.input[0]
            shift = self._scalar(other)
            if shift is not None:
                tail, b = nxt, shift
                nxt = self._only_consumer(nxt.output[0])
        if nxt is None or nxt.op_type != "Conv" or nxt.input[0] != tail.output[0]:
            return None
        return x, s, b, tail, nxt


def _add_node(x: str, shift: str, out: str) -> Any:
    from onnx import helper

    return helper.make_node("Add", [x, shift], [out])
