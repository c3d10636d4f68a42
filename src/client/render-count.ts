declare global {
  interface Window {
    /** Renders per component, counted only when a test sets this to {} before the page loads. */
    __chatRenders?: Record<string, number>;
  }
}

/**
 * Counts a render of `component` for the browser tests, which measure "a typing notice re-renders
 * only what shows it" in renders rather than in milliseconds. A test enables it with Playwright's
 * addInitScript; everywhere else it is one property read per render.
 */
export function countRender(component: string): void {
  const counts = window.__chatRenders;
  if (counts) counts[component] = (counts[component] ?? 0) + 1;
}
