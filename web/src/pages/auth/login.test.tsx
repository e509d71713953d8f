import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { memoryLocation } from 'wouter/memory-location';
import { Router } from 'wouter';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '@/api/query-client';
import { ThemeProvider } from '@/lib/theme';
import { BrandingProvider } from '@/lib/branding';
import { AppRouter } from '@/App';
import { errorEnvelope, json, mockFetch } from '@/test/fetch-mock';

const branding = { app_name: 'Acme Voice', logo_url: null, primary_color: '#0f766e', support_email: null, tenant_id: null };

function renderAt(path: string) {
  const loc = memoryLocation({ path, record: true });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <ThemeProvider>
        <BrandingProvider>
          <Router hook={loc.hook} searchHook={loc.searchHook}>
            <AppRouter />
          </Router>
        </BrandingProvider>
      </ThemeProvider>
    </QueryClientProvider>,
  );
  return loc;
}

const me = {
  user: { id: 'u1', email: 'cu@acme.test', name: 'Cee User', email_verified: true },
  tenant: { id: 't1', name: 'Acme', kind: 'customer', status: 'active', parent_id: null },
  home_tenant_id: 't1',
  role: 'customer_user',
  permissions: [] as string[],
  csrf_token: 'csrf',
  can_switch_tenant: false,
};

describe('login page', () => {
  it('applies branding and shows the server message for bad credentials', async () => {
    mockFetch({
      'GET /api/v1/me': () => errorEnvelope(401, 'unauthenticated', 'Sign in first'),
      'GET /api/v1/branding': () => json(branding),
      'GET /api/v1/setup': () => json({ needs_setup: false }),
      'POST /api/v1/auth/login': () => errorEnvelope(401, 'invalid_credentials', 'Email or password is incorrect'),
    });
    const user = userEvent.setup();
    renderAt('/login');
    await waitFor(() => expect(document.title).toBe('Acme Voice'));
    expect(document.documentElement.style.getPropertyValue('--brand')).toBe('#0f766e');

    await user.type(screen.getByLabelText('Email'), 'x@acme.test');
    await user.type(screen.getByLabelText(/^Password/), 'wrong-password');
    await user.click(screen.getByTestId('login-submit'));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('Email or password is incorrect');
  });

  it('validates before sending', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/me': () => errorEnvelope(401, 'unauthenticated', 'Sign in first'),
      'GET /api/v1/branding': () => json(branding),
      'GET /api/v1/setup': () => json({ needs_setup: false }),
    });
    const user = userEvent.setup();
    renderAt('/login');
    await user.type(screen.getByLabelText('Email'), 'not-an-email');
    await user.click(screen.getByTestId('login-submit'));
    expect(await screen.findByTestId('error-email')).toHaveTextContent('Enter a valid email address');
    expect(calls.some((c) => c.url.endsWith('/auth/login'))).toBe(false);
  });
});

describe('route guards', () => {
  it('redirects to /login when signed out', async () => {
    mockFetch({
      'GET /api/v1/me': () => errorEnvelope(401, 'unauthenticated', 'Sign in first'),
      'GET /api/v1/branding': () => json(branding),
      'GET /api/v1/setup': () => json({ needs_setup: false }),
    });
    const loc = renderAt('/api-keys');
    expect(await screen.findByTestId('login-page')).toBeInTheDocument();
    expect(loc.history?.at(-1)).toBe('/login?next=%2Fapi-keys');
  });

  it('hides nav items and forbids pages the role lacks', async () => {
    mockFetch({
      'GET /api/v1/me': () => json(me),
      'GET /api/v1/branding': () => json(branding),
    });
    renderAt('/api-keys');
    expect(await screen.findByTestId('forbidden')).toBeInTheDocument();
    const nav = screen.getAllByTestId('sidebar-nav')[0];
    expect(nav).toHaveTextContent('Dashboard');
    expect(nav).not.toHaveTextContent('Team');
    expect(nav).not.toHaveTextContent('API keys');
  });
});
