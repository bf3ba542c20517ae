/** Notices from the engine (worker restarted, run restarted by an edit): dismissable, polite. */
import { useEffect } from 'react';
import { useAppStore } from '../store/appStore';
import { selectToasts } from '../store/selectors';
import type { Toast } from '../store/uiSlice';

/** Info notices leave by themselves; warnings and errors stay until dismissed. */
const INFO_TTL_MS = 6000;

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useAppStore((s) => s.dismissToast);
  useEffect(() => {
    if (toast.tone !== 'info') return;
    const timer = setTimeout(() => dismiss(toast.id), INFO_TTL_MS);
    return () => clearTimeout(timer);
  }, [toast, dismiss]);
  return (
    <div className={`toast toast--${toast.tone}`} data-toast-id={toast.id}>
      <span className="toast__dot" aria-hidden="true" />
      <p className="toast__message">{toast.message}</p>
      <button type="button" className="toast__close" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useAppStore(selectToasts);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}
