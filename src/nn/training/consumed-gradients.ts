/**
 * Frees each gradient of a backward pass, and each tensor saved for it, as soon as the pass has
 * consumed it. TF.js's backward pass (engine.gradients -> tape.ts backpropagateGradients, one
 * tidy) keeps the accumulated gradient of every output, and every node's saved copies of its
 * inputs and outputs, until the pass ends, though it walks the tape in reverse order of execution:
 * once a node's gradient function has run, the gradients of its outputs are never read again
 * (nodes walked later ran earlier, so none of them has these outputs as inputs, and the xs, whose
 * gradients the pass returns, existed before the tape, so they are no node's outputs), nor are its
 * saved tensors (copies of its own, which only its gradient function reads). In a training step
 * these are most of the working memory.
 *
 * `freeingConsumedGradients(f)` is f for engine.gradients(f, xs) (tf.grads, tf.variableGrads, an
 * optimiser's computeGradients): after f's forward pass it wraps the gradient function of every
 * node on the tape, so that when the next node's gradient is computed, the previous node's output
 * gradients, the parts summed into them and its saved tensors are disposed. A tensor is left alone
 * while a gradient function has returned it as the gradient of an input not yet walked (a gradient
 * passed through unchanged, or a saved tensor returned as it is), and a gradient that existed
 * before the backward pass (the caller's dy, or a tensor of the forward pass returned as it is) is
 * never disposed here. Tensors that share data (reshapes) keep it until the last of them is
 * disposed. Nothing is computed differently, so the results are those of the plain backward pass;
 * nested gradients (a tape already recording) are left as they are.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The fields of TF.js's tape nodes read and replaced here (tape.ts TapeNode, internal to TF.js). */
interface TapeNode {
  inputs: Record<string, tf.Tensor>;
  outputs: tf.Tensor[];
  /** The node's own copies of the tensors its gradient reads (the engine disposes them when the pass ends). */
  saved?: tf.Tensor[];
  gradient?: (dys: (tf.Tensor | null)[]) => Record<string, () => tf.Tensor>;
}

interface TapeState {
  activeTape: TapeNode[] | null;
  gradientDepth: number;
}

export function freeingConsumedGradients<T extends tf.Tensor>(f: () => T): () => T {
  return () => {
    const y = f();
    const state = tf.engine().state as unknown as TapeState;
    if (state.gradientDepth === 1 && Array.isArray(state.activeTape)) freeAfterUse(state.activeTape);
    return y;
  };
}

function freeAfterUse(tape: TapeNode[]): void {
  // Tensors made from now on belong to the backward pass; any with a smaller id existed before it.
  const probe = tf.scalar(0);
  const firstBackward = probe.id + 1;
  probe.dispose();
  /** Gradients a gradient function returned, by the id of the input they are for (summed by TF.js when several). */
  const parts = new Map<number, tf.Tensor[]>();
  /** How many of those returns, over all inputs not yet freed, are each tensor. */
  const holders = new Map<tf.Tensor, number>();
  let finishPrevious: (() => void) | null = null;

  const free = (node: TapeNode, dys: (tf.Tensor | null)[]): void => {
    node.outputs.forEach((output, i) => {
      const summed = parts.get(output.id) ?? [];
      parts.delete(output.id);
      summed.forEach((t) => holders.set(t, holders.get(t)! - 1));
      const dy = dys[i];
      for (const t of new Set(dy ? [dy, ...summed] : summed)) {
        if (t.id >= firstBackward && (holders.get(t) ?? 0) === 0) {
          holders.delete(t);
          t.dispose();
        }
      }
    });
    for (const t of node.saved ?? []) if ((holders.get(t) ?? 0) === 0) t.dispose();
  };

  for (const node of tape) {
    const gradient = node.gradient;
    if (gradient === undefined) continue;
    node.gradient = (dys) => {
      // The previous node's gradient functions have all run: its output gradients are consumed.
      finishPrevious?.();
      finishPrevious = () => free(node, dys);
      const closures = gradient(dys);
      return Object.fromEntries(Object.entries(closures).map(([name, closure]) => [name, () => {
        const dx = closure();
        const input = node.inputs[name];
        if (input !== undefined) {
          parts.set(input.id, [...(parts.get(input.id) ?? []), dx]);
          holders.set(dx, (holders.get(dx) ?? 0) + 1);
        }
        return dx;
      }]));
    };
  }
}
