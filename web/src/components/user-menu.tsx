import * as React from 'react';
import { KeyRound, LogOut, ShieldOff } from 'lucide-react';
import { useLocation } from 'wouter';
import { toast } from 'sonner';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { ChangePasswordDialog } from '@/components/change-password-dialog';
import { useLogout } from '@/api/hooks';
import type { Me } from '@/api/types';
import { humanize, initials } from '@/lib/utils';

export function UserMenu({ me }: { me: Me }) {
  const [, navigate] = useLocation();
  const logout = useLogout();
  const [pwOpen, setPwOpen] = React.useState(false);

  const signOut = (everywhere: boolean) =>
    logout.mutate(everywhere, {
      onSuccess: () => {
        if (everywhere) toast.success('Signed out on all devices.');
      },
      onSettled: () => navigate('/login'),
    });

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger
          className="flex cursor-pointer items-center gap-2 rounded-full p-0.5 pr-2 outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring"
          data-testid="user-menu"
        >
          <span className="flex size-8 items-center justify-center rounded-full bg-primary/15 text-xs font-semibold text-link">
            {initials(me.user.name || me.user.email)}
          </span>
          <span className="hidden max-w-40 truncate text-sm font-medium md:inline">{me.user.name}</span>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-60">
          <DropdownMenuLabel>
            <p className="truncate font-medium" data-testid="user-name">{me.user.name}</p>
            <p className="truncate text-xs font-normal text-muted-foreground" data-testid="user-email">
              {me.user.email}
            </p>
            <p className="mt-1 text-xs font-normal text-muted-foreground" data-testid="user-role">
              {humanize(me.role)}
            </p>
          </DropdownMenuLabel>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setPwOpen(true)} data-testid="menu-change-password">
            <KeyRound /> Change password
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => signOut(false)} data-testid="menu-sign-out">
            <LogOut /> Sign out
          </DropdownMenuItem>
          <DropdownMenuItem destructive onSelect={() => signOut(true)} data-testid="menu-sign-out-all">
            <ShieldOff /> Sign out everywhere
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <ChangePasswordDialog open={pwOpen} onOpenChange={setPwOpen} />
    </>
  );
}
