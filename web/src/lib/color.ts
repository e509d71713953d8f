export const DEFAULT_PRIMARY = '#4f46e5';

export function isHexColor(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(value);
}

function expand(hex: string): string {
  const h = hex.slice(1);
  return h.length === 3 ? h.split('').map((c) => c + c).join('') : h;
}

/** WCAG relative luminance of a hex colour (0 = black, 1 = white). */
export function luminance(hex: string): number {
  const h = expand(hex);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Text colour that reads on top of `hex`. */
export function contrastText(hex: string): string {
  return luminance(hex) > 0.45 ? '#111827' : '#ffffff';
}

/** Sets the brand colour CSS variables on an element (default: <html>). */
export function applyBrandColor(hex: string | null | undefined, el: HTMLElement = document.documentElement) {
  const color = isHexColor(hex) ? hex : DEFAULT_PRIMARY;
  el.style.setProperty('--brand', color);
  el.style.setProperty('--brand-foreground', contrastText(color));
}
