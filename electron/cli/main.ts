// The `likeness` command: parses the command line, runs one command, turns failures into one-line messages
// and exit codes (0 done, 1 failed or, for apply and undo, not every file reached its place, 2 bad usage, 130
// cancelled with Ctrl+C).
import { parseCommon, UsageError } from './args';
import { APPLY_USAGE, CLUSTER_USAGE, INDEX_USAGE, MODELS_USAGE, UNDO_USAGE } from './usage';
import { oneLine } from './printable';

// Each command's code is loaded only when it runs: `likeness index` need not load organizing, nor `undo` the network.
const runIndex: typeof import('./index-command').runIndex = (...a) => (require('./index-command') as typeof import('./index-command')).runIndex(...a);
const runCluster: typeof import('./cluster-command').runCluster = (...a) => (require('./cluster-command') as typeof import('./cluster-command')).runCluster(...a);
const runApply: typeof import('./apply-command').runApply = (...a) => (require('./apply-command') as typeof import('./apply-command')).runApply(...a);
const runUndo: typeof import('./apply-command').runUndo = (...a) => (require('./apply-command') as typeof import('./apply-command')).runUndo(...a);
const runModels: typeof import('./models-command').runModels = (...a) => (require('./models-command') as typeof import('./models-command')).runModels(...a);

/** Errors whose whole message is for the person (others are cut to their first line). */
function isOwnError(e: unknown): boolean {
  const o = require('../engine/organize') as typeof import('../engine/organize');
  return [o.PlanError, o.TargetError, o.OrganizeError, o.NothingToUndoError, o.NotIndexedError].some((k) => e instanceof k);
}

const USAGE = `Likeness groups photos by what they show.

Usage:
  ${INDEX_USAGE}
  ${CLUSTER_USAGE}
  ${APPLY_USAGE}
  ${UNDO_USAGE}
  ${MODELS_USAGE.split('\n').join('\n  ')}

Options:
  --model ID          model from the catalog (see "likeness models list"; default mobilenetv2-int8)
  --provider P        auto (default: CUDA or DirectML when present, else CPU), cpu, cuda or dml
  --models-dir DIR    folder of model files (default: LIKENESS_MODELS_DIR, else <data dir>/models)
  --data-dir DIR      where the library and thumbnails live (default: LIKENESS_DATA_DIR, else the OS app-data folder)
  --json FILE         also write a machine-readable report to FILE
  --no-download       fail instead of downloading a missing model
  --granularity G     cluster: 0 = fewer, larger groups … 1 = more, smaller groups (default 0.5)
  --plan FILE         apply: the groups to write, as written by "likeness cluster --json" (editable by hand)
  --to DIR            apply: put the group folders in DIR instead of the folder itself
  --copy              apply: copy the photos instead of moving them
  --dry-run           apply: list every operation and change nothing
  --leave-rest        undo: leave the files that cannot go back where they are, and close that apply

Exit status: 0 done; 1 failed, or (apply, undo) some photo did not reach its place or go back, each listed with
why; 2 a command-line mistake; 130 cancelled.
`;

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  endQuietlyWhenClosed(out);
  endQuietlyWhenClosed(err);
  const [command, ...rest] = argv;
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130); // second Ctrl+C: leave now
    err.write('\nCancelling… (the index stays consistent; run again to continue)\n');
    controller.abort(new CancelledError());
  };
  process.on('SIGINT', onSigint);
  try {
    if (!command) {
      err.write(USAGE);
      return 2;
    }
    if (command === 'help' || command === '--help' || command === '-h') {
      out.write(USAGE);
      return 0;
    }
    if (command === '--version' || command === 'version') {
      out.write(`${require('../../../package.json').version}\n`);
      return 0;
    }
    const args = parseCommon(rest);
    if (args.help) {
      out.write(USAGE);
      return 0;
    }
    switch (command) {
      case 'index':
        // The embedding worker starts first, so that its start-up overlaps the loading of the index command's modules.
        (require('../engine/embed/worker-embedder') as typeof import('../engine/embed/worker-embedder')).prewarmEmbedWorker();
        await runIndex(args, out, controller.signal);
        return 0;
      case 'cluster':
        await runCluster(args, out, controller.signal);
        return 0;
      case 'apply':
        return await runApply(args, out, controller.signal);
      case 'undo':
        return await runUndo(args, out);
      case 'models':
        await runModels(args, out, controller.signal);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}" (try "likeness help")`);
    }
  } catch (e) {
    if (controller.signal.aborted) {
      err.write('likeness: cancelled\n');
      return 130;
    }
    if (e instanceof UsageError) {
      err.write(`likeness: ${e.message}\n`);
      return 2;
    }
    const message = e instanceof Error ? e.message : String(e);
    // Likeness's own messages may quote file names, which may hold a newline: escaped, not cut.
    err.write(`likeness: ${oneLine(isOwnError(e) ? message : message.split('\n')[0])}\n`);
    if (process.env.LIKENESS_DEBUG && e instanceof Error) err.write(`${e.stack}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

const guarded = new WeakSet<NodeJS.WritableStream>();

/**
 * A reader that stops early (`likeness cluster … | head`) closes the pipe: the rest of the output is not wanted, and
 * the command still finishes its work (a --json report, the index's last batch) instead of dying on EPIPE.
 */
function endQuietlyWhenClosed(stream: NodeJS.WritableStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
    throw e;
  });
}

class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'AbortError';
  }
}
