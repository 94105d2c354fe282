// Light and dark themes: the viewer's system setting (prefers-color-scheme) unless they chose one
// with the header's toggle; that choice (only that: no secret) is kept in localStorage.

export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'lucots.theme';

export function readStoredTheme(storage: Pick<Storage, 'getItem'> | undefined): Theme | undefined {
  try {
    const value = storage?.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : undefined;
  } catch {
    return undefined; // storage blocked (private mode, policy): follow the system
  }
}

export function storeTheme(storage: Pick<Storage, 'setItem'> | undefined, theme: Theme): void {
  try {
    storage?.setItem(STORAGE_KEY, theme);
  } catch {
    // Not kept: the toggle still works for this page.
  }
}

export function resolveTheme(stored: Theme | undefined, systemPrefersDark: boolean): Theme {
  return stored ?? (systemPrefersDark ? 'dark' : 'light');
}

/** Sets `data-theme` on <html>; styles.css keys its colour variables on it. */
export function applyTheme(root: HTMLElement, theme: Theme): void {
  root.dataset['theme'] = theme;
}

export function otherTheme(theme: Theme): Theme {
  return theme === 'dark' ? 'light' : 'dark';
}
