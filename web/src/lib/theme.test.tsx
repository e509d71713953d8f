import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { applyTheme, getStoredTheme, resolveTheme, THEME_STORAGE_KEY, ThemeProvider, useTheme } from './theme';
import { ThemeToggle } from '@/components/theme-toggle';

function stubPrefersDark(dark: boolean) {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: dark,
    media: query,
    addEventListener: () => {},
    removeEventListener: () => {},
  }));
}

function Probe() {
  const { theme, resolved } = useTheme();
  return <span data-testid="probe">{`${theme}/${resolved}`}</span>;
}

describe('theme helpers', () => {
  it('resolves system from the media preference', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
    expect(resolveTheme('light', true)).toBe('light');
  });

  it('toggles the dark class on <html>', () => {
    applyTheme('dark', false);
    expect(document.documentElement).toHaveClass('dark');
    applyTheme('light', true);
    expect(document.documentElement).not.toHaveClass('dark');
    applyTheme('system', true);
    expect(document.documentElement).toHaveClass('dark');
  });

  it('reads the stored theme and ignores junk', () => {
    expect(getStoredTheme()).toBe('system');
    localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    expect(getStoredTheme()).toBe('dark');
    localStorage.setItem(THEME_STORAGE_KEY, 'purple');
    expect(getStoredTheme()).toBe('system');
  });
});

describe('<ThemeProvider> and <ThemeToggle>', () => {
  it('starts from the stored theme', () => {
    localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    render(
      <ThemeProvider>
        <Probe />
      </ThemeProvider>,
    );
    expect(screen.getByTestId('probe')).toHaveTextContent('dark/dark');
    expect(document.documentElement).toHaveClass('dark');
  });

  it('follows the system preference by default', () => {
    stubPrefersDark(true);
    render(
      <ThemeProvider>
        <Probe />
      </ThemeProvider>,
    );
    expect(screen.getByTestId('probe')).toHaveTextContent('system/dark');
    expect(document.documentElement).toHaveClass('dark');
  });

  it('switches theme from the toggle and persists the choice', async () => {
    stubPrefersDark(false);
    const user = userEvent.setup();
    render(
      <ThemeProvider>
        <ThemeToggle />
        <Probe />
      </ThemeProvider>,
    );
    expect(screen.getByTestId('probe')).toHaveTextContent('system/light');

    await user.click(screen.getByTestId('theme-toggle'));
    await user.click(await screen.findByTestId('theme-dark'));
    expect(screen.getByTestId('probe')).toHaveTextContent('dark/dark');
    expect(document.documentElement).toHaveClass('dark');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');

    await user.click(screen.getByTestId('theme-toggle'));
    await user.click(await screen.findByTestId('theme-light'));
    expect(document.documentElement).not.toHaveClass('dark');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');
  });
});
