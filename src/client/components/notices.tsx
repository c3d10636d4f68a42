import type { Notice } from '../store.js';

/** Server `error` frames that answer nothing on screen, shown briefly. */
export function Notices({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  if (notices.length === 0) return null;
  return (
    <div class="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <p key={notice.id} class="notice">
          <span>{notice.text}</span>
          <button type="button" class="link" aria-label="Dismiss" onClick={() => onDismiss(notice.id)}>
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
