/**
 * The pane follows the Office theme: a dark Office theme gives Fluent's dark theme, any
 * other (or no Office at all) the light one. Office.context.officeTheme is read when it
 * exists; `isDarkTheme` where the host reports it, else the body background's lightness.
 */
import { useEffect, useState } from 'react';
import { webLightTheme, type Theme } from '@fluentui/react-components';

export type ThemeName = 'light' | 'dark';

interface OfficeThemeLike {
  isDarkTheme?: boolean;
  bodyBackgroundColor?: string;
}

/** Relative lightness (0 black .. 1 white) of "#RRGGBB" / "#RGB"; undefined when unreadable. */
export function lightness(color: string | undefined): number | undefined {
  if (!color) return undefined;
  let hex = color.trim().replace(/^#/, '');
  if (/^[0-9a-f]{3}$/i.test(hex)) hex = hex.replace(/./g, (c) => c + c);
  if (!/^[0-9a-f]{6}$/i.test(hex)) return undefined;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** "dark" or "light" for an Office theme object (or its absence). */
export function themeNameFor(officeTheme: OfficeThemeLike | null | undefined): ThemeName {
  if (!officeTheme) return 'light';
  if (typeof officeTheme.isDarkTheme === 'boolean') return officeTheme.isDarkTheme ? 'dark' : 'light';
  const l = lightness(officeTheme.bodyBackgroundColor);
  return l !== undefined && l < 0.5 ? 'dark' : 'light';
}

function readOfficeTheme(): OfficeThemeLike | undefined {
  try {
    if (typeof Office === 'undefined') return undefined;
    return (Office.context as { officeTheme?: OfficeThemeLike } | undefined)?.officeTheme;
  } catch {
    return undefined;
  }
}

/** The dark theme once loaded (its colours are in a chunk of their own: most panes are light). */
let dark: Theme | undefined;
const loadDark = () =>
  import(/* webpackChunkName: "theme-dark" */ './theme-dark').then((m) => {
    dark = m.webDarkTheme;
    return dark;
  });

/** Fluent's theme for `name`; undefined while the dark one is still loading. */
export function fluentTheme(name: ThemeName): Theme | undefined {
  return name === 'dark' ? dark : webLightTheme;
}

/** Fluent's theme for `name`, loading the dark one on first use (the pane waits for it rather than flash light). */
export function useFluentTheme(name: ThemeName): Theme | undefined {
  const [, loaded] = useState(0);
  const theme = fluentTheme(name);
  useEffect(() => {
    if (theme) return undefined;
    let active = true;
    void loadDark().then(() => active && loaded((n) => n + 1));
    return () => {
      active = false;
    };
  }, [theme]);
  return theme;
}

/**
 * The theme to use: `forced` when given (the workbench, tests), else the Office theme,
 * kept current where the host raises OfficeThemeChanged.
 */
export function useOfficeTheme(forced?: ThemeName): ThemeName {
  const [name, setName] = useState<ThemeName>(() => forced ?? themeNameFor(readOfficeTheme()));
  useEffect(() => {
    if (forced) {
      setName(forced);
      return undefined;
    }
    let active = true;
    const refresh = () => {
      if (active) setName(themeNameFor(readOfficeTheme()));
    };
    try {
      const doc = typeof Office !== 'undefined' ? Office.context?.document : undefined;
      const eventType = (Office?.EventType as unknown as Record<string, string> | undefined)?.OfficeThemeChanged;
      if (doc && eventType && typeof doc.addHandlerAsync === 'function') {
        doc.addHandlerAsync(eventType as unknown as Office.EventType, refresh, () => undefined);
      }
    } catch {
      // Hosts without the event keep the theme read at start.
    }
    return () => {
      active = false;
    };
  }, [forced]);
  return name;
}
