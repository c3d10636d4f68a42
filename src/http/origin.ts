/**
 * Cross-site WebSocket hijacking defence: a browser always sends Origin, so a
 * page on another site is refused unless listed. No Origin means a program,
 * not a browser, and carries no ambient credentials to abuse, so it is let in.
 * `null` (a file:// page, like the seed's client) only when configured.
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  options: { allowedOrigins: string[]; allowNullOrigin: boolean },
): boolean {
  if (origin === undefined) return true;
  if (origin === 'null') return options.allowNullOrigin;
  if (options.allowedOrigins.includes('*') || options.allowedOrigins.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
