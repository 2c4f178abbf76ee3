// Command-line parsing: one table of options per command, checked before any work starts.
import { parseArgs } from 'node:util';
import type { ProviderChoice } from '../engine/types';
import type { IndexOptions } from '../engine/pipeline/index-folder';

export class UsageError extends Error {}

export const PROVIDERS: ProviderChoice[] = ['auto', 'cpu', 'cuda', 'dml'];

export const COMMON_OPTIONS = {
  model: { type: 'string' },
  provider: { type: 'string' },
  'models-dir': { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'string' },
  'no-download': { type: 'boolean' },
  granularity: { type: 'string' },
  plan: { type: 'string' },
  to: { type: 'string' },
  copy: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'leave-rest': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface CommonArgs {
  positionals: string[];
  model?: string;
  provider: ProviderChoice;
  modelsDir?: string;
  dataDir?: string;
  json?: string;
  allowDownload: boolean;
  help: boolean;
  granularity?: number;
  /** apply: the plan file, the target folder, copy instead of move, preview only. */
  plan?: string;
  to?: string;
  copy: boolean;
  dryRun: boolean;
  /** undo: leave the files that cannot go back where they are and close the apply. */
  leaveRest: boolean;
}

/** The engine's indexing options from the command line (the folder is the one positional argument). */
export function indexOptionsFrom(args: CommonArgs): Pick<IndexOptions, 'folder' | 'modelId' | 'provider' | 'modelsDir' | 'dataDir' | 'allowDownload'> {
  return { folder: args.positionals[0], modelId: args.model, provider: args.provider, modelsDir: args.modelsDir, dataDir: args.dataDir, allowDownload: args.allowDownload };
}

export function parseCommon(argv: string[]): CommonArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: COMMON_OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const v = parsed.values;
  const provider = (v.provider ?? 'auto') as ProviderChoice;
  if (!PROVIDERS.includes(provider)) throw new UsageError(`unknown provider "${v.provider}" (choose one of ${PROVIDERS.join(', ')})`);
  return {
    positionals: parsed.positionals,
    model: v.model,
    provider,
    modelsDir: v['models-dir'],
    dataDir: v['data-dir'],
    json: v.json,
    allowDownload: !v['no-download'],
    granularity: v.granularity === undefined ? undefined : Number(v.granularity),
    help: Boolean(v.help),
    plan: v.plan,
    to: v.to,
    copy: Boolean(v.copy),
    dryRun: Boolean(v['dry-run']),
    leaveRest: Boolean(v['leave-rest']),
  };
}
