import { backendInfo, grad, ready, tf } from "@continuum/core-tensor";

async function main(): Promise<void> {
  const backendEl = document.getElementById("backend")!;
  try {
    await ready({ backend: ["webgpu", "webgl", "cpu"] });
  } catch (e) {
    backendEl.textContent = `no backend: ${(e as Error).message}`;
    return;
  }
  backendEl.textContent = backendInfo().name ?? "unknown";
  // Third derivative of tanh at 0.5, right only because core-tensor fixes tfjs#3252.
  const d3 = grad((x: tf.Tensor) =>
    tf.sum(grad((y: tf.Tensor) => tf.sum(grad((z: tf.Tensor) => tf.sum(tf.tanh(z)))(y)))(x)),
  );
  const value = (await d3(tf.scalar(0.5)).data())[0]!;
  document.getElementById("result")!.textContent = `d³/dx³ tanh(x) at x=0.5: ${value.toFixed(6)}`;
}

void main();
