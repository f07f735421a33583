import { THEME_INIT_SCRIPT } from "@/lib/ui/theme";

/** Sets the theme class on <html> while the page is parsed, before anything paints. */
export function ThemeScript() {
  return <script dangerouslySetInnerHTML={{ __html: THEME_INIT_SCRIPT }} />;
}
