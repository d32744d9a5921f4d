#!/usr/bin/env bash
# Installs the Python peers of the benchmarks (Debian packages; importable from /usr/bin/python3 only).
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq python3-numpy python3-scipy python3-torch
/usr/bin/python3 -c "import numpy, scipy, torch; print('peers ok: numpy', numpy.__version__, 'scipy', scipy.__version__, 'torch', torch.__version__)"
