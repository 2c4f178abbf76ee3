// Reads what owner.ts decides on, from the system: this boot and a pid's start time and state. Linux: /proc (boot_id,
// /proc/<pid>/stat). macOS: sysctl kern.boottime and ps. Windows: PowerShell's CIM classes (LastBootUpTime,
// Win32_Process.CreationDate). Where a reading fails, kill(pid, 0) still says whether the pid exists, and what
// cannot be read counts as a match (owner.ts): recovery then waits rather than races.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { parseDarwinBoottime, parseDarwinPs, parseLinuxBootId, parseLinuxStat, parseWindowsProbe, type OwnerRecord, type Probe, type ProcessState } from './owner';

/** PowerShell starts slowly; ps and sysctl answer at once. Past this, the reading counts as failed. */
const COMMAND_TIMEOUT_MS = 20_000;

function run(file: string, args: string[], env?: NodeJS.ProcessEnv): string | null {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: COMMAND_TIMEOUT_MS, windowsHide: true, env });
  } catch (e) {
    // ps answers "no such process" with status 1 and no output: that is an answer, not a failure.
    const out = (e as { stdout?: string }).stdout;
    return typeof out === 'string' && (e as { status?: number }).status === 1 ? out : null;
  }
}

/** Whether a pid exists at all: the answer of last resort, when the system's details cannot be read. */
function pidExists(pid: number): ProcessState | null {
  try {
    process.kill(pid, 0);
    return { start: null, zombie: false };
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? { start: null, zombie: false } : null;
  }
}

const linux: Probe = {
  boot: () => {
    try {
      return parseLinuxBootId(fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'));
    } catch {
      return null;
    }
  },
  process: (pid) => {
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ESRCH' ? null : pidExists(pid);
    }
    return parseLinuxStat(text) ?? pidExists(pid);
  },
};

const darwin: Probe = {
  boot: () => {
    const out = run('/usr/sbin/sysctl', ['-n', 'kern.boottime']);
    return out === null ? null : parseDarwinBoottime(out);
  },
  process: (pid) => {
    // lstart in UTC and English, whatever the person's time zone and language: the same process always reads the same.
    const out = run('/bin/ps', ['-o', 'stat=', '-o', 'lstart=', '-p', String(pid)], { ...process.env, LC_ALL: 'C', TZ: 'UTC' });
    if (out === null) return pidExists(pid);
    if (out.trim() === '') return null;
    return parseDarwinPs(out) ?? pidExists(pid);
  },
};

function powershell(script: string): string | null {
  return run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script]);
}

const windows: Probe = {
  boot: () => {
    const out = powershell("'boot ' + (Get-CimInstance Win32_OperatingSystem).LastBootUpTime.ToFileTimeUtc()");
    return out === null ? null : parseWindowsProbe(out).boot;
  },
  process: (pid) => {
    const out = powershell(`$p = Get-CimInstance Win32_Process -Filter 'ProcessId = ${Math.trunc(pid)}'; if ($p) { 'start ' + $p.CreationDate.ToFileTimeUtc() } else { 'none' }`);
    if (out === null || !/^(start \d+|none)\s*$/m.test(out)) return pidExists(pid);
    return parseWindowsProbe(out).process;
  },
};

const fallback: Probe = { boot: () => null, process: pidExists };

/** The probe of this system. The boot is read once: it cannot change while this process runs. */
export function systemProbe(platform: NodeJS.Platform = process.platform): Probe {
  const base = platform === 'linux' ? linux : platform === 'darwin' ? darwin : platform === 'win32' ? windows : fallback;
  let boot: string | null | undefined;
  return {
    boot: () => (boot === undefined ? (boot = base.boot()) : boot),
    process: (pid) => base.process(pid),
  };
}

export const probe = systemProbe();

/** A process as the journal records it: the pid with this boot and its start time. */
export function ownerRecordOf(pid: number, p: Probe = probe): OwnerRecord {
  return { host: os.hostname(), pid, boot: p.boot(), start: p.process(pid)?.start ?? null };
}

let self: OwnerRecord | null = null;
/** This process, as the journal records it (read once). */
export function selfOwner(): OwnerRecord {
  self ??= ownerRecordOf(process.pid);
  return self;
}
