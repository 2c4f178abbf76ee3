// `likeness apply <folder> --plan PLAN.json`: move (or copy) every grouped photo into one folder per group, after
// showing what will happen; `--dry-run` only shows it. `likeness undo <folder>` puts the last apply back, or, when
// the last apply was interrupted (a crash), says that it rolled it back. Any such repair is printed first. Both
// return their exit status: 0 only when every photo reached its place (every file went back).
import { APPLY_USAGE, UNDO_USAGE } from './usage';
import * as fs from 'node:fs';
import { ApplyCancelledError, applyPlan, groupsOfPlanFile, makePlan, parsePlanFile, PlanError, previewOf, seenOfPlanFile, undoLastApply, type MadePlan } from '../engine/organize';
import { resolveDataDir } from '../engine/paths';
import type { ApplyResult, PlanPreview, UndoResult } from '../ipc/contract';
import { applyReport, outcomeLines, undoCommand, undoReport } from './organize-report';
import { oneLine, plural } from './printable';
import { TerminalProgress } from './progress-bar';
import { printRecovered } from './recovered';
import { UsageError, type CommonArgs } from './args';
import { writeJsonFile } from './write-json';


/** Operations listed one per line up to this many; beyond, the per-folder counts say it all. */
const LIST_LIMIT = 200;

export async function runApply(args: CommonArgs, out: NodeJS.WritableStream, signal: AbortSignal): Promise<number> {
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
  let plan: MadePlan;
  try {
    plan = await makePlan({ folder, dataDir, groups: groupsOfPlanFile(file), seen: seenOfPlanFile(file), target: args.to ?? null, mode: args.copy ? 'copy' : 'move' });
  } catch (e) {
    // The plan was applied before: say how to undo that apply when undo would reach it next.
    if (e instanceof PlanError && e.appliedBefore.some((a) => a.undoneNext)) out.write(`${oneLine(`Undo that apply with: ${undoCommand(folder)}`)}\n`);
    throw e;
  }
  printRecovered(plan.recovered, out);
  const preview = previewOf(plan);
  printPreview(preview, plan.inPlace, out, args.dryRun);
  if (args.dryRun) {
    if (args.json) await writeJsonFile(args.json, { dryRun: true, ...preview });
    return 0;
  }
  if (plan.operations.length === 0) return nothingToDo(plan, folder, preview, args, out);
  const bar = new TerminalProgress();
  let result: ApplyResult;
  try {
    result = await applyPlan(plan, { dataDir, signal, onProgress: bar.update });
  } catch (e) {
    bar.clear();
    // Cancelled: what was done before the cancel is told, then the command ends as cancelled.
    if (e instanceof ApplyCancelledError) {
      printRecovered(e.result.recovered, out);
      write(out, applyReport(e.result, folder).lines);
      if (args.json) await writeJsonFile(args.json, { dryRun: false, ...preview, result: e.result });
    }
    throw e;
  } finally {
    bar.clear();
  }
  printRecovered(result.recovered, out);
  const report = applyReport(result, folder);
  write(out, report.lines);
  if (args.json) await writeJsonFile(args.json, { dryRun: false, ...preview, result });
  return report.status;
}

/** A plan with nothing to move: its photos are where it puts them already, or were left out (and say why). */
async function nothingToDo(plan: MadePlan, folder: string, preview: PlanPreview, args: CommonArgs, out: NodeJS.WritableStream): Promise<number> {
  const inPlan = plan.photos + plan.leftOut.length;
  out.write(plan.leftOut.length === 0 ? `Nothing to do: ${inPlan === 1 ? 'the photo of the plan is where it puts it' : `all ${inPlan} photos of the plan are where it puts them`} already.\n` : 'Nothing was moved.\n');
  write(out, outcomeLines({ failed: [], notTried: plan.leftOut }));
  if (plan.earlier.some((a) => a.undoneNext)) out.write(`${oneLine(`Undo the apply that put them there with: ${undoCommand(folder)}`)}\n`);
  if (args.json) await writeJsonFile(args.json, { dryRun: false, ...preview, result: null, notTried: plan.leftOut });
  return plan.leftOut.length ? 1 : 0;
}

export async function runUndo(args: CommonArgs, out: NodeJS.WritableStream): Promise<number> {
  if (args.positionals.length !== 1) throw new UsageError(`expected one folder (usage: ${UNDO_USAGE})`);
  const bar = new TerminalProgress();
  let result: UndoResult;
  const folder = await fs.promises.realpath(args.positionals[0]).catch(() => args.positionals[0]);
  try {
    result = await undoLastApply({ folder, dataDir: resolveDataDir(args), leaveRest: args.leaveRest, onProgress: bar.update });
  } finally {
    bar.clear();
  }
  printRecovered(result.recovered, out);
  const report = undoReport(result, folder, { copy: result.mode === 'copy', leaveRest: args.leaveRest });
  write(out, report.lines);
  if (args.json) await writeJsonFile(args.json, result);
  return report.status;
}

function printPreview(p: PlanPreview, inPlace: number, out: NodeJS.WritableStream, dryRun: boolean): void {
  const verb = p.mode === 'copy' ? 'copy' : 'move';
  if (p.operations.length) out.write(oneLine(`${dryRun ? 'Would' : 'Will'} ${verb} ${plural(p.operations.length, 'file')} into ${plural(p.folders.length, 'folder')} of ${p.target}:`) + '\n');
  else out.write(`${dryRun ? 'Would' : 'Will'} ${verb} no file.\n`);
  for (const f of p.folders) out.write(oneLine(`  ${f.folder}/  ${f.count}`) + '\n');
  const shown = dryRun ? p.operations : p.operations.slice(0, LIST_LIMIT);
  for (const op of shown) out.write(oneLine(`  ${op.from} → ${op.to}${op.renamed ? '  (renamed: name taken)' : ''}${op.companionOf ? `  (with ${op.companionOf})` : ''}`) + '\n');
  if (shown.length < p.operations.length) out.write(`  … and ${p.operations.length - shown.length} more\n`);
  if (p.untouched) out.write(`${plural(p.untouched, 'photo is', 'photos are')} in no group and ${p.untouched === 1 ? 'stays where it is' : 'stay where they are'}.\n`);
  if (inPlace) out.write(`${plural(inPlace, 'photo is', 'photos are')} already where the plan puts ${inPlace === 1 ? 'it' : 'them'}.\n`);
  for (const problem of p.problems) out.write(oneLine(`note: ${problem}`) + '\n');
}

function write(out: NodeJS.WritableStream, lines: string[]): void {
  for (const line of lines) out.write(`${line}\n`);
}

export { APPLY_USAGE, UNDO_USAGE };
