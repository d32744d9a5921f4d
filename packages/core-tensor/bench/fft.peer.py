"""NumPy peer for fft.bench.mjs: prints one JSON object (times in ms, best of 7 batches >= 0.2 s each)."""
import json
import timeit

import numpy as np


def per_call_ms(fn):
    t = timeit.Timer(fn)
    number, _ = t.autorange()
    return 1e3 * min(t.repeat(repeat=7, number=number)) / number


rng = np.random.default_rng(0)
out = {}
x32 = rng.standard_normal((20, 64, 1024)).astype(np.float32)
x64 = x32.astype(np.float64)
out["rfft32"] = per_call_ms(lambda: np.fft.rfft(x32, axis=-1))
out["rfft64"] = per_call_ms(lambda: np.fft.rfft(x64, axis=-1))
X = np.fft.rfft(x64, axis=-1)
out["irfft64"] = per_call_ms(lambda: np.fft.irfft(X, n=1024, axis=-1))
z = rng.standard_normal((64, 1024)) + 1j * rng.standard_normal((64, 1024))
out["fft1024"] = per_call_ms(lambda: np.fft.fft(z, axis=-1))
zb = rng.standard_normal((64, 1000)) + 1j * rng.standard_normal((64, 1000))
out["fft1000"] = per_call_ms(lambda: np.fft.fft(zb, axis=-1))
zp = rng.standard_normal((64, 1009)) + 1j * rng.standard_normal((64, 1009))
out["fft1009"] = per_call_ms(lambda: np.fft.fft(zp, axis=-1))
z2 = rng.standard_normal((256, 256)) + 1j * rng.standard_normal((256, 256))
out["fft2_256"] = per_call_ms(lambda: np.fft.fft2(z2))
r2 = rng.standard_normal((256, 256))
out["rfft2_256"] = per_call_ms(lambda: np.fft.rfft2(r2))
print(json.dumps(out))
