// `likeness apply <folder> --plan PLAN.json`: move (or copy) every grouped photo into one folder per group, after
// showing what will happen; `--dry-run` only shows it. `likeness undo <folder>` puts the last apply back, or, when
// the last apply was interrupted (a crash), says that it rolled it back. Any such repair is printed first.
import * as fs from 'node:fs';
import { applyPlan, groupsOfPlanFile, makePlan, parsePlanFile, previewOf, undoLastApply } from '../engine/organize';
import { resolveDataDir } from '../engine/paths';
import type { ApplyResult, PlanPreview, UndoResult } from '../ipc/contract';
import { TerminalProgress } from './progress-bar';
import { printRecovered } from './recovered';
import { UsageError, type CommonArgs } from './args';
import { writeJsonFile } from './write-json';

export const APPLY_USAGE = `likeness apply <folder> --plan PLAN.json [--to DIR] [--copy] [--dry-run] [--data-dir DIR] [--json FILE]`;
export const UNDO_USAGE = `likeness undo <folder> [--data-dir DIR] [--json FILE]`;

/** Operations listed one per line up to this many; beyond, the per-folder counts say it all. */
const LIST_LIMIT = 200;

export async function runApply(args: CommonArgs, out: NodeJS.WritableStream, signal: AbortSignal): Promise<void> {
  if (args.positionals.length !== 1) throw new UsageError(`expected one folder (usage: ${APPLY_USAGE})`);
  if (!args.plan) throw new UsageError(`--plan PLAN.json is required (write one with "likeness cluster <folder> --json PLAN.json")`);
  let text: string;
  try {
    text = await fs.promises.readFile(args.plan, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the plan ${args.plan}: ${(e as Error).message}`);
  }
  const file = parsePlanFile(text);
  const folder = await fs.promises.realpath(args.positionals[0]);
  if (file.folder && fs.existsSync(file.folder) && fs.realpathSync(file.folder) !== folder) {
    throw new Error(`the plan was made for ${file.folder}, not ${folder}`);
  }
  const dataDir = resolveDataDir(args);
  const plan = await makePlan({ folder, dataDir, groups: groupsOfPlanFile(file), target: args.to ?? null, mode: args.copy ? 'copy' : 'move' });
  printRecovered(plan.recovered, out);
  const preview = previewOf(plan);
  printPreview(preview, plan.inPlace, out, args.dryRun);
  if (args.dryRun) {
    if (args.json) await writeJsonFile(args.json, { dryRun: true, ...preview });
    return;
  }
  if (plan.operations.length === 0) {
    out.write('Nothing to do.\n');
    if (args.json) await writeJsonFile(args.json, { dryRun: false, ...preview, result: null });
    return;
  }
  const bar = new TerminalProgress();
  let result: ApplyResult;
  try {
    result = await applyPlan(plan, { dataDir, signal, onProgress: bar.update });
  } finally {
    bar.clear();
  }
  printRecovered(result.recovered, out);
  const verb = plan.mode === 'copy' ? 'Copied' : 'Moved';
  out.write(`${verb} ${result.done} files into ${plan.target}${result.failed.length ? `; ${result.failed.length} not:` : '.'}\n`);
  for (const f of result.failed) out.write(`  ${f.path}: ${f.reason}\n`);
  out.write(`Undo with: likeness undo ${JSON.stringify(folder)}\n`);
  if (args.json) await writeJsonFile(args.json, { dryRun: false, ...preview, result });
}

export async function runUndo(args: CommonArgs, out: NodeJS.WritableStream): Promise<UndoResult> {
  if (args.positionals.length !== 1) throw new UsageError(`expected one folder (usage: ${UNDO_USAGE})`);
  const bar = new TerminalProgress();
  let result: UndoResult;
  try {
    result = await undoLastApply({ folder: args.positionals[0], dataDir: resolveDataDir(args), onProgress: bar.update });
  } finally {
    bar.clear();
  }
  printRecovered(result.recovered, out);
  // Rolling back an interrupted apply was the undo: nothing more was reverted.
  if (result.applyId !== null) out.write(`Put ${result.restored} files back where they were${result.removedFolders ? `, removed ${result.removedFolders} empty folders` : ''}.\n`);
  for (const f of result.failed) out.write(`  ${f.path}: ${f.reason}\n`);
  if (args.json) await writeJsonFile(args.json, result);
  return result;
}

function printPreview(p: PlanPreview, inPlace: number, out: NodeJS.WritableStream, dryRun: boolean): void {
  const verb = p.mode === 'copy' ? 'copy' : 'move';
  out.write(`${dryRun ? 'Would' : 'Will'} ${verb} ${p.operations.length} files into ${p.folders.length} folders of ${p.target}:\n`);
  for (const f of p.folders) out.write(`  ${f.folder}/  ${f.count}\n`);
  const shown = dryRun ? p.operations : p.operations.slice(0, LIST_LIMIT);
  for (const op of shown) out.write(`  ${op.from} → ${op.to}${op.renamed ? '  (renamed: name taken)' : ''}${op.companionOf ? `  (with ${op.companionOf})` : ''}\n`);
  if (shown.length < p.operations.length) out.write(`  … and ${p.operations.length - shown.length} more\n`);
  if (p.untouched) out.write(`${p.untouched} photos are in no group and stay where they are.\n`);
  if (inPlace) out.write(`${inPlace} photos are already where the plan puts them.\n`);
  for (const problem of p.problems) out.write(`note: ${problem}\n`);
}
