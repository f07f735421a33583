import { describe, expect, it } from "vitest";
import { THEME_INIT_SCRIPT, parseThemePreference, resolveTheme } from "./theme";

describe("theme preference", () => {
  it("reads unknown or missing values as system", () => {
    expect(parseThemePreference(null)).toBe("system");
    expect(parseThemePreference("purple")).toBe("system");
    expect(parseThemePreference("dark")).toBe("dark");
  });

  it("follows the system only when asked to", () => {
    expect(resolveTheme("system", true)).toBe("dark");
    expect(resolveTheme("system", false)).toBe("light");
    expect(resolveTheme("light", true)).toBe("light");
    expect(resolveTheme("dark", false)).toBe("dark");
  });
});

describe("THEME_INIT_SCRIPT", () => {
  function run(stored: string | null, systemDark: boolean) {
    const classes = new Set<string>();
    const root = {
      classList: { toggle: (name: string, on: boolean) => (on ? classes.add(name) : classes.delete(name)) },
      style: { colorScheme: "" },
    };
    const window = { matchMedia: () => ({ matches: systemDark }) };
    const localStorage = { getItem: () => stored };
    new Function("window", "document", "localStorage", THEME_INIT_SCRIPT)(window, { documentElement: root }, localStorage);
    return { dark: classes.has("dark"), colorScheme: root.style.colorScheme };
  }

  it("applies the stored choice before the page paints, like resolveTheme", () => {
    for (const stored of [null, "light", "dark", "system"]) {
      for (const systemDark of [false, true]) {
        const expected = resolveTheme(parseThemePreference(stored), systemDark);
        expect(run(stored, systemDark)).toEqual({ dark: expected === "dark", colorScheme: expected });
      }
    }
  });
});
