import { THEME_INIT_SCRIPT } from "@/lib/ui/theme";

/**
 * Sets the theme class on <html> while the page is parsed, before anything paints. The page's
 * Content-Security-Policy only runs inline scripts that carry its nonce.
 */
export function ThemeScript({ nonce }: { nonce: string | undefined }) {
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_INIT_SCRIPT }} />;
}
