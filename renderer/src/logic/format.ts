// Human wording of numbers the screens show: sizes, counts, speed, time left, progress stages.
// Pure functions (no DOM), unit-tested under node in test/renderer-format.test.ts.

/** 3655033 → "3.7 MB"; decimal units, as file managers show them. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = -1;
  do {
    v /= 1000;
    i++;
  } while (v >= 1000 && i < units.length - 1);
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
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
