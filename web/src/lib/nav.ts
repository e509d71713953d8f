import {
  Bot,
  Building2,
  Coins,
  FlaskConical,
  FileClock,
  KeyRound,
  LayoutDashboard,
  Mail,
  Package,
  PhoneCall,
  PhoneForwarded,
  Settings,
  Users,
  type LucideIcon,
} from 'lucide-react';
import { meets, PERM, type Requirement } from './permissions';
import { CALLS_READ } from './calls';

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  section: 'main' | 'admin';
  requires?: Requirement;
  testId: string;
}

export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'Dashboard', icon: LayoutDashboard, section: 'main', testId: 'nav-dashboard' },
  { href: '/agents', label: 'Agents', icon: Bot, section: 'main', requires: PERM.agentsRead, testId: 'nav-agents' },
  { href: '/calls', label: 'Calls', icon: PhoneCall, section: 'main', requires: CALLS_READ, testId: 'nav-calls' },
  { href: '/numbers', label: 'Numbers', icon: PhoneForwarded, section: 'main', requires: PERM.numbersRead, testId: 'nav-numbers' },
  { href: '/simulator', label: 'Simulator', icon: FlaskConical, section: 'main', requires: PERM.callsWrite, testId: 'nav-simulator' },
  { href: '/team', label: 'Team', icon: Users, section: 'main', requires: PERM.usersRead, testId: 'nav-team' },
  { href: '/api-keys', label: 'API keys', icon: KeyRound, section: 'main', requires: PERM.apiKeysRead, testId: 'nav-api-keys' },
  { href: '/billing', label: 'Billing', icon: Coins, section: 'main', requires: PERM.billingRead, testId: 'nav-billing' },
  { href: '/settings', label: 'Settings', icon: Settings, section: 'main', requires: PERM.settingsRead, testId: 'nav-settings' },
  { href: '/audit', label: 'Audit log', icon: FileClock, section: 'main', requires: PERM.auditRead, testId: 'nav-audit' },
  { href: '/admin/tenants', label: 'Tenants', icon: Building2, section: 'admin', requires: PERM.tenantsRead, testId: 'nav-tenants' },
  { href: '/admin/plans', label: 'Plans', icon: Package, section: 'admin', requires: PERM.plansRead, testId: 'nav-plans' },
  { href: '/admin/outbox', label: 'Email outbox', icon: Mail, section: 'admin', requires: PERM.systemRead, testId: 'nav-outbox' },
];

/** The navigation items the given permissions allow, in display order. */
export function filterNav(items: readonly NavItem[], permissions: readonly string[]): NavItem[] {
  return items.filter((item) => meets(permissions, item.requires));
}

/** Whether a nav item is the current page (prefix match, except for the dashboard). */
export function isActive(href: string, location: string): boolean {
  if (href === '/') return location === '/';
  return location === href || location.startsWith(`${href}/`);
}
