/**
 * `@continuum/core-tensor/fft`: FFTs on Float64Array/Float32Array (interleaved complex), batched over leading
 * axes, any size (fft.js for powers of two, Bluestein otherwise), plus pseudo-spectral helpers.
 *
 * @packageDocumentation
 */
export { fft, fft2, ifft, ifft2 } from "./complex.js";
export { irfft, irfft2, rfft, rfft2 } from "./real.js";
export type { DealiasOptions, SpectralDerivativeOptions } from "./spectral.js";
export { dealias, fftFreq, rfftFreq, spectralDerivative } from "./spectral.js";
export type { RealArray } from "./validate.js";
