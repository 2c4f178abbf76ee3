// A problem the user should see in the problems panel: a file skipped while indexing, a file that could not be
// organized, or a call that failed. Nothing is swallowed silently.
export interface Problem {
  /** Where it happened: 'indexing', 'organizing', 'undo' or the action that failed. */
  source: string;
  /** The file concerned, when there is one. */
  path?: string;
  reason: string;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
