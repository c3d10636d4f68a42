/** "N new messages" above the list until the divider has been seen; jumps there (loading it if need be). */
export function UnreadBar({ count, onJump, onDismiss }: { count: number; onJump: () => void; onDismiss: () => void }) {
  const label = count > 0 ? `${count} new ${count === 1 ? 'message' : 'messages'}` : 'New messages';
  return (
    <div class="pill unread-bar" role="status">
      <button type="button" class="unread-jump" onClick={onJump}>
        {label} · Jump to first unread ↑
      </button>
      <button type="button" class="unread-dismiss" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
