// Finds a classifier network's final layer by walking back from its logits output, generically across
// float, QOperator (QLinearMatMul/QGemm) and QDQ exports. Pure: reads the graph, changes nothing.
import { attrInt, attrInts, GraphIndex, Node } from './onnx-graph';

/** The last classifier layer and where its input (the penultimate features) lives. */
export interface ClassifierHead {
  node: Node;
  /** Tensor feeding the layer: the features, possibly quantized or still spatial. */
  data: string;
  /** When `data` is quantized: its scale and zero point, for a DequantizeLinear. */
  quant?: { scale: string; zeroPoint?: string };
  /** A 1×1 convolution classifier: features need global pooling + flatten to become [N, D]. */
  spatial: boolean;
  /** D, from the weight's stored shape; null when the weight is not a constant. */
  featureDim: number | null;
}

/** Ops between the classifier and the logits output that do not change which features are used. */
const PASS_THROUGH = new Set([
  'DequantizeLinear', 'QuantizeLinear', 'Add', 'Sub', 'Mul', 'Div', 'QLinearAdd', 'QLinearMul',
  'Softmax', 'LogSoftmax', 'Sigmoid', 'QLinearSoftmax', 'QLinearSigmoid',
  'Flatten', 'Reshape', 'Identity', 'Squeeze', 'Unsqueeze', 'Dropout', 'Cast',
  // Only between a 1×1-conv classifier and the output (SqueezeNet: conv → relu → pool → softmax).
  'Relu', 'GlobalAveragePool', 'AveragePool', 'ReduceMean', 'QLinearGlobalAveragePool', 'QLinearAveragePool',
]);

const CLASSIFIER_OPS = 'Gemm, MatMul, QLinearMatMul, QGemm, MatMulInteger, MatMulIntegerToFloat, DynamicQuantizeMatMul, Conv 1×1, QLinearConv 1×1';

/** Walks back from `logits` to the classifier layer; throws a readable error when there is none. */
export function findClassifierHead(g: GraphIndex, logits: string): ClassifierHead {
  let tensor = logits;
  const path: string[] = [];
  for (let steps = 0; steps < 64; steps++) {
    const node = g.producers.get(tensor);
    if (!node) {
      const what = g.initializers.has(tensor) ? 'a constant' : 'a graph input';
      throw new Error(`no classifier layer found behind output '${logits}': walking back through [${path.join(' ← ')}] reached ${what} ('${tensor}')`);
    }
    const op = node.opType ?? '';
    const head = asClassifier(g, node);
    if (head) return head;
    if (!PASS_THROUGH.has(op)) {
      throw new Error(
        `no classifier layer found behind output '${logits}': walking back through [${path.join(' ← ')}] reached ${op} '${node.name ?? ''}', ` +
          `which is neither a classifier layer (${CLASSIFIER_OPS}) nor a pass-through op`,
      );
    }
    path.push(op);
    tensor = dataInput(g, node);
  }
  throw new Error(`no classifier layer found behind output '${logits}' within 64 ops`);
}

/** Which input of a pass-through op carries the activations (the other ones are constants). */
function dataInput(g: GraphIndex, node: Node): string {
  const inputs = node.input ?? [];
  const op = node.opType ?? '';
  let candidates: string[];
  if (op === 'QLinearAdd' || op === 'QLinearMul') candidates = [inputs[0], inputs[3]];
  else if (['Add', 'Sub', 'Mul', 'Div'].includes(op)) candidates = [inputs[0], inputs[1]];
  else return inputs[0];
  const dynamic = candidates.filter((n) => n && !g.isConstant(n));
  if (dynamic.length !== 1) throw new Error(`cannot tell which input of ${op} '${node.name ?? ''}' carries the logits (${dynamic.length} non-constant inputs)`);
  return dynamic[0];
}

/** Recognizes a classifier layer and describes its feature input, or returns null. */
function asClassifier(g: GraphIndex, node: Node): ClassifierHead | null {
  const op = node.opType ?? '';
  const ins = node.input ?? [];
  const dims = (i: number) => (ins[i] ? g.weightDims(ins[i]) : undefined);
  const rows = (d: number[] | undefined, transposed: boolean) => (d && d.length === 2 ? d[transposed ? 1 : 0] : null);
  const rejectTransA = () => {
    if (attrInt(node, 'transA', 0)) throw new Error(`${op} '${node.name ?? ''}' uses transA=1; transposed feature inputs are not supported`);
  };
  const dynamic = (i: number) => !!ins[i] && !g.isConstant(ins[i]);

  switch (op) {
    case 'Gemm':
      rejectTransA();
      return { node, data: ins[0], spatial: false, featureDim: rows(dims(1), attrInt(node, 'transB', 0) === 1) };
    case 'MatMul':
    case 'DynamicQuantizeMatMul': // com.microsoft; its A input is float
      if (!dynamic(0)) return null; // weights on the left: not a classifier layout we understand
      return { node, data: ins[0], spatial: false, featureDim: rows(dims(1), false) };
    case 'QLinearMatMul':
      return { node, data: ins[0], quant: { scale: ins[1], zeroPoint: ins[2] }, spatial: false, featureDim: rows(dims(3), false) };
    case 'QGemm': // com.microsoft
      rejectTransA();
      return { node, data: ins[0], quant: { scale: ins[1], zeroPoint: ins[2] }, spatial: false, featureDim: rows(dims(3), attrInt(node, 'transB', 0) === 1) };
    case 'MatMulIntegerToFloat': // com.microsoft: A, B, a_scale, b_scale, a_zero_point?, ...
      return { node, data: ins[0], quant: { scale: ins[2], zeroPoint: ins[4] || undefined }, spatial: false, featureDim: rows(dims(1), false) };
    case 'MatMulInteger':
      return matMulInteger(g, node, rows(dims(1), false));
    case 'Conv':
      return conv1x1(node, dims(1), ins[0]);
    case 'QLinearConv': {
      const head = conv1x1(node, dims(3), ins[0]);
      return head && { ...head, quant: { scale: ins[1], zeroPoint: ins[2] } };
    }
    default:
      return null;
  }
}

/** MatMulInteger carries no input scale; the float tensor before its (dynamic) quantization is the feature. */
function matMulInteger(g: GraphIndex, node: Node, featureDim: number | null): ClassifierHead {
  const src = g.producers.get((node.input ?? [])[0]);
  if (src && (src.opType === 'DynamicQuantizeLinear' || src.opType === 'QuantizeLinear')) {
    return { node, data: (src.input ?? [])[0], spatial: false, featureDim };
  }
  throw new Error(`MatMulInteger '${node.name ?? ''}' takes an integer input whose scale is unknown (not produced by DynamicQuantizeLinear/QuantizeLinear)`);
}

/** A 1×1, ungrouped convolution acts as a fully connected layer over channels (SqueezeNet, TF MobileNet). */
function conv1x1(node: Node, weight: number[] | undefined, data: string): ClassifierHead | null {
  const kernel = attrInts(node, 'kernel_shape') ?? weight?.slice(2);
  const is1x1 = !!kernel && kernel.length > 0 && kernel.every((k) => k === 1);
  if (!is1x1 || attrInt(node, 'group', 1) !== 1) {
    throw new Error(`the layer before the logits is a ${node.opType} '${node.name ?? ''}' that is not an ungrouped 1×1 convolution, so it is not a classifier layer this code can cut`);
  }
  return { node, data, spatial: true, featureDim: weight && weight.length >= 2 ? weight[1] : null };
}
