// Decides which onnxruntime execution providers to try, in order, for the user's choice. Pure: the caller
// passes the platform and the backends this onnxruntime-node build can actually load.
import type { ProviderChoice } from '../types';

export interface ProviderPlan {
  /** onnxruntime-node provider names, best first; always ends with 'cpu'. */
  tryOrder: string[];
  /** Why a requested provider is not tried, in words for the user. */
  notes: string[];
}

interface GpuProvider {
  name: string;
  label: string;
  platforms: NodeJS.Platform[];
}

const CUDA: GpuProvider = { name: 'cuda', label: 'CUDA', platforms: ['linux', 'win32'] };
const DML: GpuProvider = { name: 'dml', label: 'DirectML', platforms: ['win32'] };

export function planProviders(choice: ProviderChoice, platform: NodeJS.Platform, available: string[]): ProviderPlan {
  const notes: string[] = [];
  const usable = (p: GpuProvider) => p.platforms.includes(platform) && available.includes(p.name);
  const explain = (p: GpuProvider) => {
    if (!p.platforms.includes(platform)) notes.push(`${p.label} is not supported on ${platformName(platform)}; using CPU`);
    else notes.push(`${p.label} is not available in this build of onnxruntime-node; using CPU`);
  };

  let gpus: GpuProvider[];
  switch (choice) {
    case 'cpu':
      gpus = [];
      break;
    case 'cuda':
      gpus = [CUDA];
      break;
    case 'dml':
      gpus = [DML];
      break;
    default: {
      // auto: whatever GPU path exists, CUDA first since it is the faster one where both exist; when none does
      // on a platform that has them, say why the CPU is used.
      const found = [CUDA, DML].filter(usable);
      const possible = [CUDA, DML].filter((p) => p.platforms.includes(platform));
      if (found.length === 0 && possible.length > 0) {
        notes.push(`no GPU provider in this build of onnxruntime-node (${possible.map((p) => p.label).join(', ')} not installed); using CPU`);
      }
      return { tryOrder: [...found.map((p) => p.name), 'cpu'], notes };
    }
  }
  for (const p of gpus) if (!usable(p)) explain(p);
  return { tryOrder: [...gpus.filter(usable).map((p) => p.name), 'cpu'], notes };
}

function platformName(platform: NodeJS.Platform): string {
  return ({ darwin: 'macOS', win32: 'Windows', linux: 'Linux' } as Partial<Record<NodeJS.Platform, string>>)[platform] ?? platform;
}

/** How the provider is called in messages. */
export function providerLabel(name: string): string {
  return ({ cuda: 'CUDA', dml: 'DirectML', cpu: 'CPU' } as Record<string, string>)[name] ?? name;
}
