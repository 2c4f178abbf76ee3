// Signals the app gives about itself, so browser tests (and assistive tooling) wait for what happened instead of
// sleeping: the screen shown is document.body.dataset.state, and each change also fires a `likeness:*` event.
export type Screen = 'loading' | 'welcome' | 'working' | 'groups' | 'applying' | 'applied' | 'undoing' | 'undone';

export function announceScreen(screen: Screen): void {
  document.body.dataset.state = screen;
  window.dispatchEvent(new CustomEvent('likeness:state', { detail: { state: screen } }));
}

let viewVersion = 0;

/** A new groups view is on screen (after opening, an edit, undo/redo or a regroup). */
export function announceView(groups: number): void {
  viewVersion++;
  document.body.dataset.view = String(viewVersion);
  window.dispatchEvent(new CustomEvent('likeness:view', { detail: { version: viewVersion, groups } }));
}

/** The apply dialog's preview is 'loading' or 'ready' (or 'error'). */
export function announcePlan(status: 'loading' | 'ready' | 'error', operations = 0): void {
  document.body.dataset.plan = status;
  window.dispatchEvent(new CustomEvent('likeness:plan', { detail: { status, operations } }));
}

/** A call failed; the message is also shown in the banner and the problems panel. */
export function announceError(message: string): void {
  document.body.dataset.errors = String(Number(document.body.dataset.errors ?? '0') + 1);
  window.dispatchEvent(new CustomEvent('likeness:error', { detail: { message } }));
}
