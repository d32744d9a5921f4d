import { tf } from "@continuum/core-tensor";
import { type DeepOnet, type DeepOnetOptions, type DeepOnetParams, deeponet } from "./deeponet.js";

/**
 * A physics residual for a DeepONet: given s(·) = G(u)(·) as a function of the coordinates (u fixed, rows
 * aligned), the coordinates y `[N, d]`, the branch inputs u `[N, m]` and optional per-point data (e.g. the
 * source term at y), return the residual `[N]` of the PDE. Derivatives come from `grad`/`jacobian`/`laplacian`
 * of `@continuum/core-tensor` applied to `s`.
 */
export type DeepOnetResidual = (
  s: (y: tf.Tensor) => tf.Tensor,
  y: tf.Tensor,
  u: tf.Tensor,
  extra?: tf.Tensor,
) => tf.Tensor;

/** A DeepONet with a physics-informed loss. */
export interface PhysicsInformedDeepOnet extends DeepOnet {
  /** Mean squared PDE residual at collocation points (aligned rows of u and y). */
  residualLoss(params: DeepOnetParams, u: tf.Tensor, y: tf.Tensor, extra?: tf.Tensor): tf.Scalar;
  /**
   * Mean squared misfit to known values `target [N]` (or `[N, outputs]` with several outputs) at aligned rows:
   * initial/boundary conditions or data.
   */
  dataLoss(params: DeepOnetParams, u: tf.Tensor, y: tf.Tensor, target: tf.Tensor): tf.Scalar;
}

/**
 * Physics-informed DeepONet (Wang, Wang, Perdikaris, "Learning the solution operator of parametric PDEs with
 * physics-informed DeepONets", Science Advances 7, 2021): a {@link deeponet} trained on the PDE residual at
 * collocation points (by automatic differentiation through the trunk) plus initial/boundary terms, possibly
 * without any solution data. The `@continuum/pinn` residual machinery is not published yet, so residuals are
 * written directly with core-tensor derivatives.
 *
 * @example
 * ```ts
 * // antiderivative: ds/dy = u(y), s(0) = 0
 * const net = physicsInformedDeeponet({
 *   sensors: 50, coordinates: 1, branch: [40], trunk: [40], latent: 20, seed: 0,
 *   residual: (s, y, _u, uAtY) => tf.sub(tf.reshape(grad((z) => tf.sum(s(z)))(y), [-1]), uAtY!),
 * });
 * const loss = net.residualLoss(net.params, u, y, uAtY); // scalar
 * ```
 */
export function physicsInformedDeeponet(
  options: DeepOnetOptions & { residual: DeepOnetResidual },
): PhysicsInformedDeepOnet {
  if (typeof options?.residual !== "function")
    throw new Error(
      `physicsInformedDeeponet: options.residual must be a function (s, y, u, extra) => residual, received ${typeof options?.residual}`,
    );
  const base = deeponet(options);
  return {
    ...base,
    residualLoss(params, u, y, extra) {
      return tf.tidy(() => {
        const s = (z: tf.Tensor) => base.applyAligned(params, u, z);
        const r = options.residual(s, y, u, extra);
        return tf.mean(tf.square(r)) as tf.Scalar;
      });
    },
    dataLoss(params, u, y, target) {
      return tf.tidy(() => {
        const pred = base.applyAligned(params, u, y); // [N] or [N, outputs]
        if (target.size !== pred.size)
          throw new Error(
            `physicsInformedDeeponet.dataLoss: target must hold one value per row and output, shape [${pred.shape}], received [${target.shape}]`,
          );
        return tf.mean(tf.square(tf.sub(pred, tf.reshape(target, pred.shape)))) as tf.Scalar;
      });
    },
  };
}
