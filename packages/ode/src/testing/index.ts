/** Contract-suite helpers of @continuum/ode (filled by the package's issue). */
export const TESTING_PACKAGE = "@continuum/ode/testing";
