/** Contract-suite helpers of @continuum/optim (filled by the package's issue). */
export const TESTING_PACKAGE = "@continuum/optim/testing";
