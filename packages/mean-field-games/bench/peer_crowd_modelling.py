"""Peer for bench/mean-field-games.bench.mjs: times the NumPy/Python reference of the crowd-modelling game
(test/fixtures/gen_crowd_modelling.py, OpenSpiel accounting) and prints one JSON object.
Run: /usr/bin/python3 bench/peer_crowd_modelling.py"""
import importlib.util
import io
import json
import os
import time
from contextlib import redirect_stdout

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("gen", os.path.join(here, "..", "test", "fixtures", "gen_crowd_modelling.py"))
gen = importlib.util.module_from_spec(spec)
with redirect_stdout(io.StringIO()):
    spec.loader.exec_module(gen)  # also rewrites the fixture (deterministic)
out = {}
t = time.perf_counter()
fp = gen.fictitious_play(gen.tree_values, 10)
out["fp10_ms"] = (time.perf_counter() - t) * 1000
out["fp10"] = fp[-1]
t = time.perf_counter()
md = gen.mirror_descent(gen.tree_values, 10, 0.01)
out["md10_ms"] = (time.perf_counter() - t) * 1000
out["md10"] = md[-1]
print(json.dumps(out))
