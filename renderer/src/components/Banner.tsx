// The last error, shown until dismissed (every error also stays in the problems panel).
export function Banner({ message, onDismiss }: { message: string | null; onDismiss: () => void }) {
  if (!message) return null;
  return (
    <div className="banner" role="alert" data-testid="error-banner">
      <span>{message}</span>
      <button type="button" onClick={onDismiss} aria-label="Dismiss the error">
        ×
      </button>
    </div>
  );
}
