/**
 * The colour theme: a `dark` class on <html> (Tailwind's dark variant keys on it), chosen
 * by the reader and remembered in localStorage; without a choice, the system's preference.
 */
export type Theme = "light" | "dark";

export const THEME_STORAGE_KEY = "bloom-theme";
export const THEME_CHANGE_EVENT = "bloom-theme-change";

/**
 * Runs in <head> before the first paint, so a dark-theme reader never sees a white flash.
 * Kept as a string: it must not wait for any bundle.
 */
export const THEME_BOOT_SCRIPT = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});var d=t?t==="dark":window.matchMedia("(prefers-color-scheme: dark)").matches;var e=document.documentElement;e.classList.toggle("dark",d);e.style.colorScheme=d?"dark":"light"}catch(_){}})()`;

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  root.classList.toggle("dark", theme === "dark");
  root.style.colorScheme = theme;
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // private mode: the choice lasts for this page only
  }
  window.dispatchEvent(new Event(THEME_CHANGE_EVENT));
}
