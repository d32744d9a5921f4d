#!/usr/bin/env bash
# Installs the Python peers of the benchmarks (Debian packages; importable from /usr/bin/python3 only).
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq python3-numpy python3-scipy python3-torch
# The benches set OPENBLAS_CORETYPE from the CPU flags (peerEnv in bench/lib.mjs): OpenBLAS falls back to SSE3
# kernels on CPU models it does not know, which would make every peer several times slower than it is.
/usr/bin/python3 -c "import numpy, scipy, torch; print('peers ok: numpy', numpy.__version__, 'scipy', scipy.__version__, 'torch', torch.__version__)"
