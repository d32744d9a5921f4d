/** Contract-suite helpers of @continuum/diffusion (filled by the package's issue). */
export const TESTING_PACKAGE = "@continuum/diffusion/testing";
