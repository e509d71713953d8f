import { useLocation, useSearch } from 'wouter';
import { Mail, ShieldCheck, Users } from 'lucide-react';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { PageHeader } from '@/components/page-header';
import { useCan } from '@/components/guards';
import { PERM } from '@/lib/permissions';
import { MembersTab } from './members-tab';
import { InvitationsTab } from './invitations-tab';
import { RolesTab } from './roles-tab';

export function TeamPage() {
  const can = useCan();
  const search = useSearch();
  const [location, navigate] = useLocation();
  const tabs = [
    { value: 'members', label: 'Members', icon: Users, allowed: can(PERM.usersRead) },
    { value: 'invitations', label: 'Invitations', icon: Mail, allowed: can(PERM.invitationsRead) },
    { value: 'roles', label: 'Roles', icon: ShieldCheck, allowed: can(PERM.rolesRead) },
  ].filter((t) => t.allowed);
  const requested = new URLSearchParams(search).get('tab');
  const current = tabs.find((t) => t.value === requested)?.value ?? tabs[0]?.value;

  return (
    <div data-testid="team-page">
      <PageHeader title="Team" description="Manage who can access this workspace and what they can do." />
      <Tabs value={current} onValueChange={(v) => navigate(`${location}?tab=${v}`, { replace: true })}>
        <TabsList>
          {tabs.map(({ value, label, icon: Icon }) => (
            <TabsTrigger key={value} value={value} data-testid={`tab-${value}`}>
              <Icon /> {label}
            </TabsTrigger>
          ))}
        </TabsList>
        {can(PERM.usersRead) && (
          <TabsContent value="members">
            <MembersTab />
          </TabsContent>
        )}
        {can(PERM.invitationsRead) && (
          <TabsContent value="invitations">
            <InvitationsTab />
          </TabsContent>
        )}
        {can(PERM.rolesRead) && (
          <TabsContent value="roles">
            <RolesTab />
          </TabsContent>
        )}
      </Tabs>
    </div>
  );
}
