import { describe, expect, it } from 'vitest';
import { filterNav, isActive, NAV_ITEMS } from './nav';
import { hasPermission, meets } from './permissions';

const hrefs = (perms: string[]) => filterNav(NAV_ITEMS, perms).map((i) => i.href);

describe('filterNav', () => {
  it('shows only the dashboard without permissions', () => {
    expect(hrefs([])).toEqual(['/']);
  });

  it('shows exactly the items the permissions allow', () => {
    expect(hrefs(['users:read', 'audit:read'])).toEqual(['/', '/team', '/audit']);
    expect(hrefs(['api_keys:read', 'settings:read'])).toEqual(['/', '/api-keys', '/settings']);
    expect(hrefs(['tenants:read', 'plans:read', 'system:read'])).toEqual([
      '/',
      '/admin/tenants',
      '/admin/plans',
      '/admin/outbox',
    ]);
  });

  it('does not show Team for invitations:read or write permissions alone', () => {
    expect(hrefs(['invitations:read', 'users:write'])).toEqual(['/']);
  });

  it('places Agents first after the dashboard, for agents:read', () => {
    expect(hrefs(['agents:read'])).toEqual(['/', '/agents']);
    expect(hrefs(['*']).slice(0, 2)).toEqual(['/', '/agents']);
    expect(hrefs(['agents:write'])).toEqual(['/']);
  });

  it('shows Billing for billing:read only', () => {
    expect(hrefs(['billing:read'])).toEqual(['/', '/billing']);
    expect(hrefs(['billing:write'])).toEqual(['/']);
    expect(hrefs(['billing:*'])).toEqual(['/', '/billing']);
  });

  it('gives a customer_user Agents but not Billing, and a customer_admin both', () => {
    const customerUser = ['agents:read', 'agents:write', 'numbers:read', 'calls:read', 'contacts:read', 'support:read'];
    expect(hrefs(customerUser)).toEqual(['/', '/agents', '/calls', '/numbers']);
    const customerAdmin = [...customerUser, 'numbers:write', 'billing:read', 'billing:write', 'users:read', 'api_keys:read', 'settings:read', 'audit:read'];
    expect(hrefs(customerAdmin)).toEqual(['/', '/agents', '/calls', '/numbers', '/team', '/api-keys', '/billing', '/settings', '/audit']);
  });

  it('shows Numbers right after Calls, for numbers:read only', () => {
    expect(hrefs(['numbers:read'])).toEqual(['/', '/numbers']);
    expect(hrefs(['numbers:write'])).toEqual(['/']);
    expect(hrefs(['numbers:*'])).toEqual(['/', '/numbers']);
    const all = hrefs(['*']);
    expect(all[all.indexOf('/calls') + 1]).toBe('/numbers');
  });

  it('shows the Simulator right after Numbers, for calls:write only', () => {
    expect(hrefs(['calls:write'])).toEqual(['/', '/simulator']);
    expect(hrefs(['calls:read'])).toEqual(['/', '/calls']);
    const all = hrefs(['*']);
    expect(all[all.indexOf('/numbers') + 1]).toBe('/simulator');
    // A customer_user places calls.
    expect(hrefs(['agents:read', 'numbers:read', 'calls:read', 'calls:write'])).toEqual(['/', '/agents', '/calls', '/numbers', '/simulator']);
  });

  it('marks an agent page as inside Agents', () => {
    expect(isActive('/agents', '/agents/0190a0b0-0000-7000-8000-000000000001')).toBe(true);
    expect(isActive('/agents', '/agentsx')).toBe(false);
  });

  it('shows everything for a wildcard', () => {
    expect(hrefs(['*'])).toHaveLength(NAV_ITEMS.length);
  });

  it('keeps the declared order', () => {
    const all = NAV_ITEMS.map((i) => i.href);
    expect(hrefs(['system:read', 'users:read', 'tenants:read'])).toEqual(
      all.filter((h) => ['/', '/team', '/admin/tenants', '/admin/outbox'].includes(h)),
    );
  });
});

describe('permissions', () => {
  it('matches exact names and resource wildcards', () => {
    expect(hasPermission(['users:read'], 'users:read')).toBe(true);
    expect(hasPermission(['users:read'], 'users:write')).toBe(false);
    expect(hasPermission(['users:*'], 'users:write')).toBe(true);
    expect(meets([], undefined)).toBe(true);
    expect(meets(['roles:read'], { anyOf: ['users:read', 'roles:read'] })).toBe(true);
    expect(meets([], { anyOf: ['users:read'] })).toBe(false);
  });
});

describe('isActive', () => {
  it('matches the dashboard exactly and other items by prefix', () => {
    expect(isActive('/', '/')).toBe(true);
    expect(isActive('/', '/team')).toBe(false);
    expect(isActive('/admin/outbox', '/admin/outbox/123')).toBe(true);
    expect(isActive('/admin/tenants', '/admin/tenantsx')).toBe(false);
  });
});
