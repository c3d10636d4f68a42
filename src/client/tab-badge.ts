/**
 * The tab's title, favicon and (for the installed app) the app icon's badge show how much calls for
 * this person's attention: unread conversation messages and mentions (see `attention` in rooms-store).
 */
const NAME = 'cerulean chalice';
const ICON_PATH = 'M9 9h14v8a7 7 0 0 1-14 0z M14 24h4v3h-4z';

/** The icon as an SVG data: address (img-src admits data:), with the count in a red disc when there is one. */
export function faviconHref(count: number): string {
  const label = count > 99 ? '99+' : String(count);
  const size = label.length > 2 ? 9 : 12;
  const badge =
    count > 0
      ? `<circle cx='24' cy='8' r='8' fill='#d13a2f'/><text x='24' y='12' font-size='${size}' font-family='sans-serif' font-weight='700' text-anchor='middle' fill='white'>${label}</text>`
      : '';
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='8' fill='#1f6fa8'/><path d='${ICON_PATH}' fill='white'/>${badge}</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

export const titleFor = (count: number): string => (count > 0 ? `(${count}) ${NAME}` : NAME);

interface BadgeNavigator {
  setAppBadge?: (count?: number) => Promise<void>;
  clearAppBadge?: () => Promise<void>;
}

export function showAttention(count: number): void {
  document.title = titleFor(count);
  const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (link) {
    link.href = faviconHref(count);
    link.dataset.count = String(count);
  }
  // Only an installed app has a badge; elsewhere the call is missing or refused, and that is fine.
  const badges = navigator as BadgeNavigator;
  const done = count > 0 ? badges.setAppBadge?.(count) : badges.clearAppBadge?.();
  done?.catch(() => {});
}
