// The sheet of keyboard shortcuts, read from the one table the handlers use (logic/shortcuts.ts).
import { SHORTCUTS } from '../logic/shortcuts';
import { Dialog } from './Dialog';

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog labelledBy="shortcuts-title" className="shortcuts-dialog" testId="shortcuts" onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <p className="hint">Letters work while the photo grid has focus; the others anywhere but in a text field.</p>
      <table className="shortcuts">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What they do</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.command}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
          <tr>
            <td>
              <kbd>←</kbd> <kbd>→</kbd> <kbd>↑</kbd> <kbd>↓</kbd>, <kbd>Home</kbd>, <kbd>End</kbd>, <kbd>Page Up</kbd>, <kbd>Page Down</kbd>
            </td>
            <td>Move between photos and group headers; with Shift, select as you go</td>
          </tr>
        </tbody>
      </table>
      <div className="dialog-buttons">
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
