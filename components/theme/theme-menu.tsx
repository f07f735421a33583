"use client";

import { MonitorIcon, MoonIcon, SunIcon } from "lucide-react";
import { useLayoutEffect, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { parseThemePreference } from "@/lib/ui/theme";
import {
  applyThemePreference,
  getServerThemePreference,
  getThemePreference,
  setThemePreference,
  subscribeThemePreference,
} from "./theme-preference-store";

/** Light, dark or follow the system; the choice is kept in this browser. */
export function ThemeMenu() {
  const preference = useSyncExternalStore(subscribeThemePreference, getThemePreference, getServerThemePreference);

  // The inline script in <head> sets the theme before the first paint; in development React's
  // strict remount resets <html>'s attributes, so apply it again before paint.
  useLayoutEffect(() => applyThemePreference(getThemePreference()), []);

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label="Theme">
          <SunIcon className="dark:hidden" />
          <MoonIcon className="hidden dark:block" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-36">
        <DropdownMenuLabel>Theme</DropdownMenuLabel>
        <DropdownMenuRadioGroup
          value={preference}
          onValueChange={(value) => setThemePreference(parseThemePreference(value))}
        >
          <DropdownMenuRadioItem value="light">
            <SunIcon /> Light
          </DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="dark">
            <MoonIcon /> Dark
          </DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="system">
            <MonitorIcon /> System
          </DropdownMenuRadioItem>
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
