"""NumPy peer for fft.bench.mjs: prints one JSON object (times in ms, best of 7 batches >= 0.2 s each)."""
import json
import time

import numpy as np


def per_call_ms(fn):
    """(wall, cpu) per-call ms: best of 7 batches, each taking >= 0.1 s of CPU time (or 2 s of wall time); cpu
    is process CPU time (time.process_time), as the JS side's process.cpuUsage(), robust to a loaded machine."""
    fn()
    number = 1
    while True:
        c0 = time.process_time()
        w0 = time.perf_counter()
        for _ in range(number):
            fn()
        if time.process_time() - c0 >= 0.1 or time.perf_counter() - w0 >= 2.0:
            break
        number *= 2
    wall = cpu = float("inf")
    for _ in range(7):
        c0 = time.process_time()
        w0 = time.perf_counter()
        for _ in range(number):
            fn()
        wall = min(wall, (time.perf_counter() - w0) / number)
        cpu = min(cpu, (time.process_time() - c0) / number)
    return 1e3 * wall, 1e3 * cpu


def put(out, key, fn):
    out[key], out[f"{key}_cpu"] = per_call_ms(fn)


rng = np.random.default_rng(0)
out = {}
x32 = rng.standard_normal((20, 64, 1024)).astype(np.float32)
x64 = x32.astype(np.float64)
put(out, "rfft32", lambda: np.fft.rfft(x32, axis=-1))
put(out, "rfft64", lambda: np.fft.rfft(x64, axis=-1))
X = np.fft.rfft(x64, axis=-1)
put(out, "irfft64", lambda: np.fft.irfft(X, n=1024, axis=-1))
z = rng.standard_normal((64, 1024)) + 1j * rng.standard_normal((64, 1024))
put(out, "fft1024", lambda: np.fft.fft(z, axis=-1))
zb = rng.standard_normal((64, 1000)) + 1j * rng.standard_normal((64, 1000))
put(out, "fft1000", lambda: np.fft.fft(zb, axis=-1))
zp = rng.standard_normal((64, 1009)) + 1j * rng.standard_normal((64, 1009))
put(out, "fft1009", lambda: np.fft.fft(zp, axis=-1))
z2 = rng.standard_normal((256, 256)) + 1j * rng.standard_normal((256, 256))
put(out, "fft2_256", lambda: np.fft.fft2(z2))
r2 = rng.standard_normal((256, 256))
put(out, "rfft2_256", lambda: np.fft.rfft2(r2))
print(json.dumps(out))
