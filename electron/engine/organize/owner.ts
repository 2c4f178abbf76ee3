// Who runs an apply, and whether that process still lives (pure: what the system says comes in through a Probe,
// process-probe.ts reads it). Recovery must never touch an apply whose process still runs, and must not wait
// forever for one that is gone. A pid alone cannot tell: after a power cut and a reboot it may belong to an
// unrelated process, a zombie still answers kill(pid, 0), and a host name changes with the network (macOS). So the
// journal records the boot and the process's start time with its pid, and an owner is alive only when all agree.

/** The process that runs (or ran) an apply or undo, as the journal records it. */
export interface OwnerRecord {
  /** The host name at the time: shown to people, never part of the decision (the library is on this machine). */
  host: string;
  pid: number;
  /** This boot: `id:<boot id>` (Linux) or `time:<boot time in ms>` (macOS, Windows); null when unknown (older journals). */
  boot: string | null;
  /** When the process started, as the system reports it (ticks since boot, or a time); null when unknown. */
  start: string | null;
}

/** What the system says about a live pid. */
export interface ProcessState {
  /** Same unit as OwnerRecord.start; null when the system would not say. */
  start: string | null;
  /** Exited, not yet reaped by its parent: it runs nothing any more. */
  zombie: boolean;
}

export interface Probe {
  /** This boot, in OwnerRecord.boot's form; null when it cannot be read. */
  boot(): string | null;
  /** The process with this pid, or null when there is none. */
  process(pid: number): ProcessState | null;
}

/**
 * Boot times read at different moments may differ by rounding (Windows computes it, macOS reports microseconds);
 * two boots are always further apart than this, a machine cannot power-cycle and start Likeness within a second.
 */
const BOOT_TIME_SLACK_MS = 1000;

export function sameBoot(a: string, b: string): boolean {
  if (a.startsWith('time:') && b.startsWith('time:')) return Math.abs(Number(a.slice(5)) - Number(b.slice(5))) <= BOOT_TIME_SLACK_MS;
  return a === b;
}

/**
 * Whether the owner still runs: same boot, the pid's process started when the owner did, and it is no zombie.
 * What cannot be read counts as a match: waiting for a live process is safe, racing with it is not. An owner
 * recorded without boot and start (a journal written before they were) is judged by its pid alone.
 */
export function ownerAlive(owner: OwnerRecord, probe: Probe): boolean {
  if (owner.boot !== null) {
    const now = probe.boot();
    if (now !== null && !sameBoot(owner.boot, now)) return false; // no process outlives a reboot
  }
  const state = probe.process(owner.pid);
  if (!state || state.zombie) return false;
  if (owner.start !== null && state.start !== null && state.start !== owner.start) return false; // the pid was reused
  return true;
}

/** The journal's columns (owner "host:pid", owner_boot, owner_start) as a record; null when no process owns it. */
export function ownerOfColumns(owner: string | null, boot: string | null, start: string | null): OwnerRecord | null {
  if (!owner) return null;
  const sep = owner.lastIndexOf(':');
  const pid = Number(owner.slice(sep + 1));
  if (sep < 0 || !Number.isSafeInteger(pid) || pid <= 0) return null;
  return { host: owner.slice(0, sep), pid, boot, start };
}

/** How a person reads an owner: "host, process 123". */
export function describeOwner(owner: OwnerRecord): string {
  return `${owner.host}, process ${owner.pid}`;
}

// ---------------------------------------------------------------------------------------------------------------
// What each system prints, parsed (the reading itself is in process-probe.ts).

/**
 * Linux `/proc/<pid>/stat`: the state (3rd field) and start time in clock ticks since boot (22nd). The command
 * name, 2nd, is in parentheses and may itself hold spaces and parentheses, so fields are counted after the last ')'.
 */
export function parseLinuxStat(text: string): ProcessState | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text.slice(close + 1).trim().split(/\s+/);
  // fields[0] is the state (field 3), so field n is fields[n - 3].
  const state = fields[0];
  const start = fields[22 - 3];
  if (!state || !start || !/^\d+$/.test(start)) return null;
  return { start, zombie: state === 'Z' || state === 'X' || state === 'x' };
}

/** Linux `/proc/sys/kernel/random/boot_id`: a UUID new at every boot. */
export function parseLinuxBootId(text: string): string | null {
  const id = text.trim();
  return /^[0-9a-f-]{32,36}$/i.test(id) ? `id:${id}` : null;
}

/** macOS `sysctl -n kern.boottime`: `{ sec = 1715000000, usec = 431234 } Mon May  6 10:00:00 2024`. */
export function parseDarwinBoottime(text: string): string | null {
  const m = /sec\s*=\s*(\d+),\s*usec\s*=\s*(\d+)/.exec(text);
  return m ? `time:${Number(m[1]) * 1000 + Math.floor(Number(m[2]) / 1000)}` : null;
}

/**
 * macOS `ps -o stat= -o lstart= -p PID` run with LC_ALL=C and TZ=UTC: `Z    Mon May  6 10:00:00 2024`. The start
 * is kept as seconds since the epoch (lstart's precision); empty output means no such process.
 */
export function parseDarwinPs(text: string): ProcessState | null {
  const m = /^\s*(\S+)\s+(\w{3}\s+\w{3}\s+\d{1,2}\s+\d{1,2}:\d{2}:\d{2}\s+\d{4})\s*$/.exec(text);
  if (!m) return null;
  const ms = Date.parse(`${m[2].replace(/\s+/g, ' ')} UTC`);
  return { start: Number.isFinite(ms) ? String(ms / 1000) : null, zombie: m[1].startsWith('Z') };
}

/**
 * Windows, the PowerShell lines process-probe.ts prints: `boot <FILETIME>` (Win32_OperatingSystem.LastBootUpTime)
 * and, when the process exists, `start <FILETIME>` (Win32_Process.CreationDate), both in 100 ns ticks since 1601
 * UTC. Windows has no zombies: an exited process is no longer listed.
 */
export function parseWindowsProbe(text: string): { boot: string | null; process: ProcessState | null } {
  const boot = /^boot (\d+)\s*$/m.exec(text);
  const start = /^start (\d+)\s*$/m.exec(text);
  return {
    boot: boot ? `time:${fileTimeToMs(boot[1])}` : null,
    process: start ? { start: start[1], zombie: false } : null,
  };
}

/** FILETIME (100 ns ticks since 1601-01-01 UTC) to ms since 1970. */
function fileTimeToMs(ticks: string): number {
  return Number((BigInt(ticks) - 116444736000000000n) / 10000n);
}
