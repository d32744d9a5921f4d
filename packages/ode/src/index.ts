/**
 * @continuum/ode (work in progress: the implementation lands through its issue).
 */
export const PACKAGE_NAME = "@continuum/ode";
