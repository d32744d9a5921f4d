// Issue 13: the FNO1d training step of the operators issue (B=20, S=1024, width 64, 16 modes, 4 layers) against
// PyTorch CPU on 1 thread, so that `npm run bench -- core-speed` prints every ratio of the issue. It runs the
// operators package's own benchmark in this process (its peer script, its two spectral formulations).
// Run: npm run build && npm run bench -- core-speed
await import("../packages/operators/bench/operators-fno1d-step.bench.mjs");
