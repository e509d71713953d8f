/** Permission names the UI checks. The server is the authority; the UI only hides what would fail. */
export const PERM = {
  usersRead: 'users:read',
  usersWrite: 'users:write',
  invitationsRead: 'invitations:read',
  invitationsWrite: 'invitations:write',
  rolesRead: 'roles:read',
  rolesWrite: 'roles:write',
  agentsRead: 'agents:read',
  agentsWrite: 'agents:write',
  numbersRead: 'numbers:read',
  numbersWrite: 'numbers:write',
  callsRead: 'calls:read',
  callsWrite: 'calls:write',
  billingRead: 'billing:read',
  apiKeysRead: 'api_keys:read',
  apiKeysWrite: 'api_keys:write',
  contactsRead: 'contacts:read',
  contactsWrite: 'contacts:write',
  settingsRead: 'settings:read',
  settingsWrite: 'settings:write',
  tenantsRead: 'tenants:read',
  tenantsWrite: 'tenants:write',
  plansRead: 'plans:read',
  plansWrite: 'plans:write',
  auditRead: 'audit:read',
  systemRead: 'system:read',
  systemWrite: 'system:write',
} as const;

/** True when `permissions` grants `required` (exact name, `resource:*` or `*`). */
export function hasPermission(permissions: readonly string[], required: string): boolean {
  if (permissions.includes(required) || permissions.includes('*')) return true;
  const [resource] = required.split(':');
  return permissions.includes(`${resource}:*`);
}

/** A requirement: one permission, or any of several. */
export type Requirement = string | { anyOf: string[] } | undefined;

export function meets(permissions: readonly string[], req: Requirement): boolean {
  if (!req) return true;
  if (typeof req === 'string') return hasPermission(permissions, req);
  return req.anyOf.some((p) => hasPermission(permissions, p));
}
