import { readStored, writeStored } from './browser-storage.js';

export type ThemeChoice = 'light' | 'dark' | 'system';
export const THEME_CHOICES: ThemeChoice[] = ['system', 'light', 'dark'];

const KEY = 'theme';
const dark = () => window.matchMedia('(prefers-color-scheme: dark)');

export function themeChoice(): ThemeChoice {
  const stored = readStored(KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

/** Sets data-theme on <html>, which picks the colour variables in base.css; "system" follows the OS setting live. */
function apply(choice: ThemeChoice): void {
  const theme = choice === 'system' ? (dark().matches ? 'dark' : 'light') : choice;
  document.documentElement.dataset.theme = theme;
}

export function chooseTheme(choice: ThemeChoice): void {
  writeStored(KEY, choice);
  apply(choice);
}

/** At page load, before the first render, so the page never flashes the other theme. */
export function startTheme(): void {
  apply(themeChoice());
  dark().addEventListener('change', () => apply(themeChoice()));
}
