// Turns a graph exported with a fixed batch of 1 (VGG-16 and other zoo models) into one with a symbolic
// batch, so several images run per call. Best effort: the Embedder checks the result really runs batched.
import { onnx } from 'onnx-proto';
import { attrInt, Dim, dimKind, dimParam, feedInputs, GraphIndex, int64Tensor, int64Values, num, shapeDims } from './onnx-graph';

export interface BatchInfo {
  batch: 'symbolic' | 'static';
  /** Dimension 0 to give new outputs, matching the input's. */
  dim: Dim;
}

const BATCH_NAME = 'batch';

/** Reads the batch dimension of the (first) feed input without changing anything. */
export function describeBatch(g: GraphIndex): BatchInfo {
  const dim0 = shapeDims(feedInputs(g)[0])?.[0];
  const kind = dimKind(dim0);
  // An unknown dim is dynamic as far as the runtime is concerned.
  if (kind !== 'value') return { batch: 'symbolic', dim: dim0 ?? onnx.TensorShapeProto.Dimension.create({}) };
  return { batch: 'static', dim: dim0! };
}

/** Rewrites a fixed batch of 1 to a symbolic one in place; other layouts are left as they are. */
export function makeBatchSymbolic(g: GraphIndex): BatchInfo {
  const found = describeBatch(g);
  if (found.batch === 'symbolic' || num(found.dim.dimValue) !== 1) return found;

  const symbolic = () => dimParam(BATCH_NAME);
  for (const v of [...feedInputs(g), ...(g.graph.output ?? [])]) {
    const dims = shapeDims(v);
    if (dims && dims.length && dimKind(dims[0]) === 'value' && num(dims[0].dimValue) === 1) dims[0] = symbolic();
  }
  // Intermediate shapes recorded with batch 1 would contradict batched runs; the runtime re-infers them.
  g.graph.valueInfo = (g.graph.valueInfo ?? []).filter((v) => {
    const d0 = shapeDims(v)?.[0];
    return !(dimKind(d0) === 'value' && num(d0!.dimValue) === 1);
  });
  const replaced = new Set<string>();
  for (const node of g.graph.node ?? []) if (node.opType === 'Reshape') freeReshapeBatch(g, node, replaced);
  dropUnused(g, replaced);
  return { batch: 'symbolic', dim: symbolic() };
}

/**
 * A Reshape to a constant shape that starts with 1 pins the batch (e.g. [1, 25088] before fc6).
 * Use -1 (infer) when no other dim is inferred, else 0 (copy the input's dim 0).
 */
function freeReshapeBatch(g: GraphIndex, node: onnx.INodeProto, replaced: Set<string>): void {
  const [data, shapeName] = node.input ?? [];
  if (!data || !shapeName || g.isConstant(data)) return; // reshaping a weight: no batch involved
  const t = g.constant(shapeName);
  if (!t) return;
  const shape = int64Values(t);
  if (shape[0] !== 1) return;
  const inferred = shape.slice(1).includes(-1);
  if (inferred && attrInt(node, 'allowzero', 0) === 1) return; // 0 would mean a literal zero
  const fixed = [inferred ? 0 : -1, ...shape.slice(1)];
  // A new initializer: the original may be shared with nodes that need the literal 1.
  const name = g.unique(`${shapeName}_any_batch`);
  g.graph.initializer = [...(g.graph.initializer ?? []), int64Tensor(name, fixed)];
  node.input![1] = name;
  replaced.add(shapeName);
}

/** Initializers nothing reads any more (the runtime warns about each). */
function dropUnused(g: GraphIndex, candidates: Set<string>): void {
  const used = new Set((g.graph.node ?? []).flatMap((n) => n.input ?? []));
  const gone = (name: string | null | undefined) => !!name && candidates.has(name) && !used.has(name);
  g.graph.initializer = (g.graph.initializer ?? []).filter((t) => !gone(t.name));
  g.graph.input = (g.graph.input ?? []).filter((i) => !gone(i.name));
}
