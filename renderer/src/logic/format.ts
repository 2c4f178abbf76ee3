// Human wording of numbers the screens show: sizes, counts, speed, time left, progress stages.
// Pure functions (no DOM), unit-tested under node in test/renderer-format.test.ts.

/** 3655033 → "3.7 MB"; decimal units, as file managers show them. Rates too: 523.4 → "523 B". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  // Up a unit while the number, as it will be shown, would read 1000 or more (999,600 B is "1.0 MB", not "1000 kB").
  while (i < units.length - 1 && shown(v, i) >= 1000) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${Math.round(v)} B` : `${v < 9.95 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** The value formatBytes would print in unit i: whole bytes; one decimal under 10 of a larger unit. */
function shown(v: number, i: number): number {
  return i === 0 || v >= 9.95 ? Math.round(v) : Math.round(v * 10) / 10;
}

/** 12345 → "12,345" whatever the locale, so tests and screenshots read the same everywhere. */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1 photo", "2 photos". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Photos per second: one decimal below 10, whole numbers above; nothing while the rate is unknown. */
export function formatRate(perSecond: number, unit = 'photos/s'): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '';
  return `${perSecond < 10 ? perSecond.toFixed(1) : formatCount(perSecond)} ${unit}`;
}

/** Time left, rounded the way a person says it: "8 s", "about 3 min", "about 1 h 20 min". */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 1) return 'almost done';
  if (seconds < 60) return `${Math.ceil(seconds)} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `about ${h} h${m ? ` ${m} min` : ''} left`;
}

/** Share done in [0, 1], or null while the total is unknown (an indeterminate bar). */
export function progressFraction(done: number, total: number | null): number | null {
  if (total === null || total <= 0) return null;
  return Math.min(1, Math.max(0, done / total));
}

const STAGES: Record<string, string> = {
  scan: 'Finding photos',
  index: 'Looking at photos',
  download: 'Downloading the model',
  cluster: 'Grouping similar photos',
  apply: 'Organizing files',
};

export function stageLabel(stage: string): string {
  return STAGES[stage] ?? stage;
}

/** The last part of a path, for titles ("/home/a/Pictures" → "Pictures"); separators of any OS. */
export function baseName(p: string): string {
  const parts = p.split(/[\\/]+/).filter(Boolean);
  return parts.length ? parts[parts.length - 1] : p;
}
