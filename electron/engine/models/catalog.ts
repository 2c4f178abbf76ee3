// The model catalog: reads and validates models/catalog.json and looks models up by id.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { z as Zod } from 'zod';
import { appRoot } from '../paths';
import type { ModelEntry, PreprocessSpec } from '../types';

/** Asked for a model id the catalog does not have. */
export class UnknownModelError extends Error {
  override readonly name = 'UnknownModelError';
  constructor(readonly modelId: string, readonly knownIds: string[]) {
    super(`unknown model "${modelId}"; known models: ${knownIds.join(', ')}`);
  }
}

/** The catalog's schema, built on first use: zod costs a twentieth of a second to load, on every command. */
function catalogSchema() {
  const { z } = require('zod') as { z: typeof Zod };
  const triple = z.tuple([z.number(), z.number(), z.number()]);

  const preprocessSchema = z.strictObject({
    resizeShortSide: z.number().int().positive(),
    cropSize: z.number().int().positive(),
    scale: z.number().positive(),
    mean: triple,
    std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
    channelOrder: z.enum(['RGB', 'BGR']),
    layout: z.literal('NCHW'),
  }) satisfies Zod.ZodType<PreprocessSpec>;

  const entrySchema = z.strictObject({
    // Ids go on command lines and into library records: keep them plain.
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'lower-case letters, digits, dots and dashes'),
    name: z.string().min(1),
    // A bare file name: it is joined to the models dir and must not escape it.
    file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.onnx$/, 'a plain .onnx file name'),
    url: z.url({ protocol: /^https?$/ }),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits'),
    bytes: z.number().int().positive(),
    inputName: z.string().min(1),
    inputShape: z.array(z.union([z.number().int().positive(), z.string().min(1)])).min(1),
    outputName: z.string().min(1),
    classes: z.number().int().positive(),
    featureDim: z.number().int().positive(),
    quantized: z.boolean(),
    outputIsProbability: z.boolean(),
    preprocess: preprocessSchema,
    license: z.string().min(1),
    notes: z.string().optional(),
  }) satisfies Zod.ZodType<ModelEntry>;

  const catalogSchema = z
    .strictObject({
      source: z.string().optional(),
      default: z.string(),
      models: z.array(entrySchema).min(1),
    })
    .superRefine((cat, ctx) => {
      const seenIds = new Set<string>();
      const seenFiles = new Set<string>();
      for (const m of cat.models) {
        if (seenIds.has(m.id)) ctx.addIssue({ code: 'custom', message: `duplicate model id "${m.id}"` });
        if (seenFiles.has(m.file)) ctx.addIssue({ code: 'custom', message: `two models share the file "${m.file}"` });
        seenIds.add(m.id);
        seenFiles.add(m.file);
      }
      if (!seenIds.has(cat.default)) ctx.addIssue({ code: 'custom', path: ['default'], message: `default model "${cat.default}" is not in the catalog` });
    });
  return catalogSchema;
}

export interface Catalog {
  default: string;
  models: ModelEntry[];
}

/** Where the shipped catalog lives. */
export function catalogPath(): string {
  return path.join(appRoot(), 'models', 'catalog.json');
}

/** Reads and validates a catalog file; throws with every problem listed if it is malformed. */
export function readCatalog(file: string = catalogPath()): Catalog {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the model catalog ${file}: ${(err as Error).message}`);
  }
  const parsed = catalogSchema().safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    throw new Error(`invalid model catalog ${file}: ${problems}`);
  }
  return { default: parsed.data.default, models: parsed.data.models };
}

/**
 * The shipped catalog, read without its schema: it is built by build/make-catalog.js and the tests validate it
 * with readCatalog, so every command need not load zod to check it again. A file that is not even a catalog still
 * gets a clear message.
 */
function readShippedCatalog(file: string = catalogPath()): Catalog {
  let raw: Partial<Catalog>;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Catalog>;
  } catch (err) {
    throw new Error(`cannot read the model catalog ${file}: ${(err as Error).message}`);
  }
  const models = Array.isArray(raw.models) ? raw.models : [];
  if (typeof raw.default !== 'string' || !models.some((m) => m?.id === raw.default)) throw new Error(`invalid model catalog ${file}: no default model`);
  return { default: raw.default, models };
}

// Read once: the catalog ships with the app and does not change while it runs.
const catalog = readShippedCatalog();

/** Id of the model used when none is chosen (the catalog's "default"). */
export const DEFAULT_MODEL_ID: string = catalog.default;

/** All models, in catalog order. Copies, so callers cannot alter the catalog. */
export function listModels(): ModelEntry[] {
  return catalog.models.map((m) => structuredClone(m));
}

/** The model with this id; throws UnknownModelError listing the known ids otherwise. */
export function getModel(id: string): ModelEntry {
  const found = catalog.models.find((m) => m.id === id);
  if (!found) throw new UnknownModelError(id, catalog.models.map((m) => m.id));
  return structuredClone(found);
}
