/** The demo's pages: one per package, in the navigation order. */
export interface PageDef {
  id: string;
  title: string;
  pkg: string;
  blurb: string;
}

export const PAGES: readonly PageDef[] = [
  {
    id: "core-tensor",
    title: "Autodiff",
    pkg: "@continuum/core-tensor",
    blurb: "Derivatives to any order, checked against closed forms on the active backend.",
  },
  {
    id: "ode",
    title: "ODEs",
    pkg: "@continuum/ode",
    blurb:
      "float64 solvers: chaotic and orbital problems, work–precision, and why stiff problems need implicit methods.",
  },
  {
    id: "optim",
    title: "Optimisers",
    pkg: "@continuum/optim",
    blurb: "Gradient, quasi-Newton and population methods on the Rosenbrock and Rastrigin functions.",
  },
  {
    id: "mean-field-games",
    title: "Mean-field games",
    pkg: "@continuum/mean-field-games",
    blurb:
      "Crowd modelling equilibria, exploitability per algorithm, and linear-quadratic games in closed form.",
  },
  {
    id: "pinn",
    title: "PINNs",
    pkg: "@continuum/pinn",
    blurb:
      "Physics-informed networks trained live: Burgers against Hopf–Cole, and Allen–Cahn with and without causal weights.",
  },
  {
    id: "operators",
    title: "Neural operators",
    pkg: "@continuum/operators",
    blurb:
      "A Fourier neural operator learning the Burgers solution map, evaluated at other resolutions and against pre-trained weights.",
  },
  {
    id: "diffusion",
    title: "Diffusion",
    pkg: "@continuum/diffusion",
    blurb: "Samplers on an exact Gaussian-mixture score: the reverse process, and quality versus steps.",
  },
];
