// Graph surgery for feature extraction: exposes the input of a classifier's last layer (the penultimate
// features) as an extra float output next to the logits, and frees a fixed batch of 1. Pure: bytes in, bytes out.
import { onnx } from 'onnx-proto';
import { describeBatch, makeBatchSymbolic } from './batch-dim';
import { ClassifierHead, findClassifierHead } from './classifier-head';
import { dimValue, FLOAT, GraphIndex, intAttr, makeNode, num, tensorValueInfo } from './onnx-graph';

// Any change to what this file writes must bump SURGERY_VERSION (surgery-version.ts).

export interface PreparedGraph {
  bytes: Uint8Array;
  featureOutput: string;
  logitsOutput: string;
  /** Feature width from the classifier's weight shape; null when not stored as a constant. */
  featureDim: number | null;
  batch: 'symbolic' | 'static';
}

export interface PrepareOptions {
  /** Graph output holding the logits; default: the first output that leads back to a classifier layer. */
  logitsOutput?: string;
  /** Rewrite a fixed batch of 1 to a symbolic one (default true); false keeps the graph's own batch layout. */
  symbolicBatch?: boolean;
}

export function prepareGraph(model: Uint8Array, opts: PrepareOptions = {}): PreparedGraph {
  const proto = onnx.ModelProto.decode(model);
  const graph = proto.graph;
  if (!graph) throw new Error('the ONNX file has no graph');
  const g = new GraphIndex(graph);

  const { logitsOutput, head } = locateHead(g, opts.logitsOutput);
  const batch = opts.symbolicBatch === false ? describeBatch(g) : makeBatchSymbolic(g);
  const featureOutput = exposeFeatures(g, head, logitsOutput);

  const feature = tensorValueInfo(featureOutput, featureElemType(g, head, logitsOutput), [
    batch.dim,
    head.featureDim != null ? dimValue(head.featureDim) : onnx.TensorShapeProto.Dimension.create({}),
  ]);
  graph.valueInfo = (graph.valueInfo ?? []).filter((v) => v.name !== featureOutput);
  graph.output = [...(graph.output ?? []).filter((o) => o.name !== featureOutput), feature];
  if (num(proto.irVersion) < 4) listInitializersAsInputs(g);

  return {
    bytes: onnx.ModelProto.encode(proto).finish(),
    featureOutput,
    logitsOutput,
    featureDim: head.featureDim,
    batch: batch.batch,
  };
}

function locateHead(g: GraphIndex, wanted: string | undefined): { logitsOutput: string; head: ClassifierHead } {
  const outputs = (g.graph.output ?? []).map((o) => o.name ?? '');
  if (wanted !== undefined) {
    if (!outputs.includes(wanted)) throw new Error(`the model has no output '${wanted}' (outputs: ${outputs.join(', ')})`);
    return { logitsOutput: wanted, head: findClassifierHead(g, wanted) };
  }
  let firstError: unknown;
  for (const name of outputs) {
    try {
      return { logitsOutput: name, head: findClassifierHead(g, name) };
    } catch (err) {
      firstError ??= err;
    }
  }
  throw firstError ?? new Error('the model has no outputs');
}

/** Adds the nodes (if any) that turn the classifier's input into a float [N, D] tensor; returns its name. */
function exposeFeatures(g: GraphIndex, head: ClassifierHead, logitsOutput: string): string {
  if (!head.quant && !head.spatial) return head.data; // already a float [N, D] tensor inside the graph
  const added: onnx.NodeProto[] = [];
  let tensor = head.data;
  if (head.quant) {
    const out = g.unique(head.spatial ? 'features_dequantized' : 'features');
    const ins = [tensor, head.quant.scale, ...(head.quant.zeroPoint ? [head.quant.zeroPoint] : [])];
    added.push(makeNode('DequantizeLinear', g.unique('likeness_features_dequantize'), ins, [out]));
    tensor = out;
  }
  if (head.spatial) {
    const pooled = g.unique('features_pooled');
    added.push(makeNode('GlobalAveragePool', g.unique('likeness_features_pool'), [tensor], [pooled]));
    const flat = g.unique('features');
    added.push(makeNode('Flatten', g.unique('likeness_features_flatten'), [pooled], [flat], [intAttr('axis', 1)]));
    tensor = flat;
  }
  // Right before the classifier: every input of the new nodes is computed by then (topological order holds).
  const nodes = g.graph.node ?? [];
  nodes.splice(nodes.indexOf(head.node), 0, ...added);
  if (tensor === logitsOutput) throw new Error('feature and logits outputs coincide');
  return tensor;
}

/** Float features keep the classifier's own input type (the logits' type); dequantized ones are float. */
function featureElemType(g: GraphIndex, head: ClassifierHead, logitsOutput: string): number {
  if (head.quant) return FLOAT;
  const logits = (g.graph.output ?? []).find((o) => o.name === logitsOutput);
  return logits?.type?.tensorType?.elemType || FLOAT;
}

/** IR version 3 requires every initializer to be declared as a graph input too. */
function listInitializersAsInputs(g: GraphIndex): void {
  const declared = new Set((g.graph.input ?? []).map((i) => i.name));
  for (const t of g.graph.initializer ?? []) {
    if (declared.has(t.name)) continue;
    g.graph.input = [...(g.graph.input ?? []), tensorValueInfo(t.name ?? '', t.dataType ?? FLOAT, (t.dims ?? []).map((d) => dimValue(num(d))))];
  }
}
