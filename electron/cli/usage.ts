// The commands' usage lines, apart from the commands themselves: `likeness help` and a mistyped command print them
// without loading any command's code (the engine's modules take a fifth of a second to load).

export const INDEX_USAGE = `likeness index <folder> [--model ID] [--provider auto|cpu|cuda|dml] [--models-dir DIR] [--data-dir DIR] [--json FILE] [--no-download]`;
export const CLUSTER_USAGE = `likeness cluster <folder> [--granularity 0..1] [--model ID] [--provider P] [--models-dir DIR] [--data-dir DIR] [--json FILE]`;
export const APPLY_USAGE = `likeness apply <folder> --plan PLAN.json [--to DIR] [--copy] [--dry-run] [--data-dir DIR] [--json FILE]`;
export const UNDO_USAGE = `likeness undo <folder> [--leave-rest] [--data-dir DIR] [--json FILE]`;
export const MODELS_USAGE = `likeness models list [--models-dir DIR] [--json FILE]\nlikeness models download [ID ...] [--models-dir DIR]`;
