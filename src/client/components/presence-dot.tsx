/** Green while online, grey while offline; the word is there for screen readers. */
export function PresenceDot({ online }: { online: boolean }) {
  return (
    <span class={online ? 'presence-dot online' : 'presence-dot'} data-online={online} title={online ? 'Online' : 'Offline'}>
      <span class="visually-hidden">{online ? 'online' : 'offline'}</span>
    </span>
  );
}
