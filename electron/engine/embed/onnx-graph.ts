// Small read/write helpers over a decoded ONNX graph (onnx-proto objects): constants, producers, names, shapes.
// Pure and synchronous; the graph surgery builds on these.
import { onnx } from 'onnx-proto';

export type Graph = onnx.IGraphProto;
export type Node = onnx.INodeProto;
export type Tensor = onnx.ITensorProto;
export type Dim = onnx.TensorShapeProto.IDimension;

const DT = onnx.TensorProto.DataType;
export const FLOAT = DT.FLOAT;
const INT64 = DT.INT64;

/** int64 fields decode as Long objects (protobufjs) or plain numbers. */
export function num(v: number | { toNumber(): number } | null | undefined): number {
  if (v == null) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

export function attr(node: Node, name: string): onnx.IAttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

export function attrInt(node: Node, name: string, fallback: number): number {
  const a = attr(node, name);
  return a ? num(a.i) : fallback;
}

export function attrInts(node: Node, name: string): number[] | undefined {
  const a = attr(node, name);
  return a ? (a.ints ?? []).map(num) : undefined;
}

/** Lookups built once per graph; callers rebuild after changing node lists. */
export class GraphIndex {
  readonly initializers = new Map<string, Tensor>();
  readonly producers = new Map<string, Node>();
  readonly names = new Set<string>();

  constructor(readonly graph: Graph) {
    for (const t of graph.initializer ?? []) {
      this.initializers.set(t.name ?? '', t);
      this.names.add(t.name ?? '');
    }
    for (const v of [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])]) this.names.add(v.name ?? '');
    for (const n of graph.node ?? []) {
      for (const o of n.output ?? []) {
        this.producers.set(o, n);
        this.names.add(o);
      }
      if (n.name) this.names.add(n.name);
    }
  }

  /** A fresh tensor/node name based on `base`, recorded so later calls stay unique. */
  unique(base: string): string {
    let name = base;
    for (let k = 1; this.names.has(name); k++) name = `${base}_${k}`;
    this.names.add(name);
    return name;
  }

  /** The value of a constant tensor: an initializer or the output of a Constant node. */
  constant(name: string): Tensor | undefined {
    const init = this.initializers.get(name);
    if (init) return init;
    const p = this.producers.get(name);
    if (p?.opType !== 'Constant') return undefined;
    const value = attr(p, 'value');
    if (value?.t) return value.t;
    const ints = attr(p, 'value_ints');
    if (ints) return { dims: [(ints.ints ?? []).length], dataType: INT64, int64Data: ints.ints ?? [] };
    return undefined;
  }

  isConstant(name: string): boolean {
    return this.constant(name) !== undefined;
  }

  /**
   * Shape of a weight tensor, looking through the ops that sit between stored weights and their use
   * (QDQ models dequantize weights at run time; some exporters transpose them).
   */
  weightDims(name: string, depth = 0): number[] | undefined {
    const c = this.constant(name);
    if (c) return (c.dims ?? []).map(num);
    const p = this.producers.get(name);
    if (!p || depth > 4) return undefined;
    const src = (p.input ?? [])[0];
    if (!src) return undefined;
    if (['DequantizeLinear', 'Identity', 'Cast'].includes(p.opType ?? '')) return this.weightDims(src, depth + 1);
    if (p.opType === 'Transpose') {
      const dims = this.weightDims(src, depth + 1);
      if (!dims) return undefined;
      const perm = attrInts(p, 'perm') ?? dims.map((_, i) => dims.length - 1 - i);
      return perm.map((i) => dims[i]);
    }
    return undefined;
  }
}

/** Values of an int64 tensor, whichever of its storage fields the exporter used. */
export function int64Values(t: Tensor): number[] {
  if (t.int64Data && t.int64Data.length) return t.int64Data.map(num);
  const raw = t.rawData;
  if (!raw || !raw.length) return [];
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: number[] = [];
  for (let o = 0; o + 8 <= raw.byteLength; o += 8) out.push(Number(view.getBigInt64(o, true)));
  return out;
}

export function int64Tensor(name: string, values: number[]): onnx.TensorProto {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return onnx.TensorProto.create({ name, dims: [values.length], dataType: INT64, rawData: raw });
}

export function makeNode(opType: string, name: string, inputs: string[], outputs: string[], attrs: onnx.IAttributeProto[] = []): onnx.NodeProto {
  return onnx.NodeProto.create({ opType, name, input: inputs, output: outputs, attribute: attrs, domain: '' });
}

export function intAttr(name: string, value: number): onnx.AttributeProto {
  return onnx.AttributeProto.create({ name, i: value, type: onnx.AttributeProto.AttributeType.INT });
}

export function dimParam(name: string): onnx.TensorShapeProto.Dimension {
  return onnx.TensorShapeProto.Dimension.create({ dimParam: name });
}

export function dimValue(value: number): onnx.TensorShapeProto.Dimension {
  return onnx.TensorShapeProto.Dimension.create({ dimValue: value });
}

/** Dimension is a oneof; decoded messages report which member is set through `value`. */
export function dimKind(d: Dim | undefined): 'value' | 'param' | 'unknown' {
  if (!d) return 'unknown';
  const which = (d as { value?: string }).value;
  if (which === 'dimParam' || (which === undefined && d.dimParam)) return 'param';
  if (which === 'dimValue' || (which === undefined && d.dimValue != null)) return 'value';
  return 'unknown';
}

export function tensorValueInfo(name: string, elemType: number, dims: Dim[]): onnx.ValueInfoProto {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({ tensorType: { elemType, shape: { dim: dims } } }),
  });
}

export function shapeDims(v: onnx.IValueInfoProto | undefined): Dim[] | undefined {
  return v?.type?.tensorType?.shape?.dim ?? undefined;
}

/** Graph inputs that are real feeds (old IR versions also list every initializer as an input). */
export function feedInputs(g: GraphIndex): onnx.IValueInfoProto[] {
  return (g.graph.input ?? []).filter((i) => !g.initializers.has(i.name ?? ''));
}
