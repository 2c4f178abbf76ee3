// Draws engine progress on a terminal: one self-rewriting line on stderr with count, rate and time left.
// Off a terminal (pipes, CI, --json consumers) it draws nothing, so logs stay clean.
import type { Progress } from '../engine/types';
// Sizes as the app words them (decimal units).
import { formatBytes } from '../../renderer/src/logic/format';

const STAGE_LABEL: Record<Progress['stage'], string> = {
  scan: 'Scanning',
  index: 'Indexing',
  download: 'Downloading model',
  cluster: 'Grouping',
  apply: 'Moving files',
};

/** One line of text for a progress event, fitted to `columns` characters. Pure. */
export function renderProgressLine(p: Progress, columns: number): string {
  const label = STAGE_LABEL[p.stage];
  const bytes = p.stage === 'download';
  const count = p.total === null ? `${fmtCount(p.done, bytes)}` : `${fmtCount(p.done, bytes)}/${fmtCount(p.total, bytes)}`;
  const rate = p.rate > 0 ? (bytes ? `${fmtCount(p.rate, true)}/s` : `${p.rate.toFixed(p.rate < 10 ? 1 : 0)}/s`) : '';
  const eta = p.etaSeconds === null ? '' : `${formatDuration(p.etaSeconds)} left`;
  const tail = [count, rate, eta].filter(Boolean).join('  ');
  if (p.total === null || p.total === 0) return firstThatFits([`${label}  ${tail}`, tail], columns);
  const pct = Math.min(1, p.done / p.total);
  const percent = `${String(Math.floor(pct * 100)).padStart(3)}%`;
  // The line is label, space, [bar], space, percent, two spaces, tail, and stays one column short of the edge
  // (a full line makes some terminals wrap). What the bar cannot have, the count, rate and time left keep; on a
  // narrower terminal still the label goes, then the end is cut.
  const barWidth = Math.min(40, columns - 1 - (label.length + 1 + 2 + 1 + percent.length + 2 + tail.length));
  if (barWidth < 10) return firstThatFits([`${label} ${percent}  ${tail}`, `${percent}  ${tail}`], columns);
  const filled = Math.round(pct * barWidth);
  return fit(`${label} [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${percent}  ${tail}`, columns);
}

/** The first of the lines, longest first, that fits in `columns`; else the last one cut to fit. */
function firstThatFits(lines: string[], columns: number): string {
  return lines.find((l) => l.length <= columns - 1) ?? fit(lines[lines.length - 1], columns);
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function fmtCount(n: number, bytes: boolean): string {
  return bytes ? formatBytes(n) : String(Math.round(n));
}

function fit(line: string, columns: number): string {
  if (line.length <= columns - 1) return line;
  return columns < 3 ? '' : `${line.slice(0, columns - 2)}…`;
}

/** A progress sink for a stream: redraws in place on a TTY, silent elsewhere. */
export class TerminalProgress {
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get active(): boolean {
    return Boolean(this.stream.isTTY);
  }

  readonly update = (p: Progress): void => {
    if (!this.active) return;
    this.stream.write(`\r\x1b[2K${renderProgressLine(p, this.stream.columns || 80)}`);
    this.drawn = true;
  };

  /** Clears the line so that the next output starts clean. */
  clear(): void {
    if (this.drawn && this.active) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
