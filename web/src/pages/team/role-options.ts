import { useMemo } from 'react';
import { useRoles } from '@/api/hooks';
import type { TenantKind } from '@/api/types';
import { humanize } from '@/lib/utils';

/**
 * Built-in roles a tenant of each kind may hand out. Used only when GET /roles is not readable;
 * otherwise the server's `assignable` flag decides.
 */
export const ASSIGNABLE_BUILTIN: Record<string, string[]> = {
  customer: ['customer_admin', 'customer_user'],
  agency: ['agency_admin', 'customer_admin', 'customer_user'],
  platform: ['platform_admin', 'support'],
};

export interface RoleOption {
  /** "builtin:<name>" or "custom:<id>" — the value of the <Select>. */
  value: string;
  label: string;
  role: string;
  customRoleId: string | null;
}

export function builtinValue(name: string) {
  return `builtin:${name}`;
}
export function customValue(id: string) {
  return `custom:${id}`;
}

type HasRole = { role?: string | null; custom_role_id?: string | null };

/** The value of a member's or invitation's current role in the role <Select>. */
export function roleValueOf(x: HasRole): string {
  return x.custom_role_id ? customValue(x.custom_role_id) : builtinValue(x.role ?? '');
}

/** Role choices for invitations and role changes: assignable built-ins plus custom roles. */
export function useRoleOptions(kind: TenantKind, canReadRoles: boolean) {
  const roles = useRoles(canReadRoles);
  return useMemo(() => {
    const builtinNames = roles.data
      ? roles.data.builtin.filter((r) => r.assignable).map((r) => r.name)
      : (ASSIGNABLE_BUILTIN[kind] ?? []);
    const options: RoleOption[] = builtinNames.map((name) => ({
      value: builtinValue(name),
      label: humanize(name),
      role: name,
      customRoleId: null,
    }));
    for (const c of roles.data?.custom ?? []) {
      options.push({ value: customValue(c.id), label: c.name, role: c.name, customRoleId: c.id });
    }
    const labelOf = (x: HasRole) =>
      options.find((o) => o.value === roleValueOf(x))?.label ??
      roles.data?.custom.find((c) => c.id === x.custom_role_id)?.name ??
      (x.role ? humanize(x.role) : 'Custom role');
    return { options, labelOf, isLoading: roles.isLoading };
  }, [roles.data, roles.isLoading, kind]);
}
