import { useLocation } from 'wouter';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { ChangePasswordForm } from '@/components/change-password-dialog';
import { useLogout } from '@/api/hooks';

export function SecuritySection() {
  const logout = useLogout();
  const [, navigate] = useLocation();
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle>Change password</CardTitle>
          <CardDescription>Use 8 to 128 characters. A passphrase is easiest to remember.</CardDescription>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm />
        </CardContent>
      </Card>
      <Card className="h-fit">
        <CardHeader>
          <CardTitle>Sessions</CardTitle>
          <CardDescription>Signed in somewhere you don’t recognise? End every session, including this one.</CardDescription>
        </CardHeader>
        <CardContent>
          <Button
            variant="destructive"
            loading={logout.isPending}
            onClick={() => logout.mutate(true, { onSettled: () => navigate('/login') })}
            data-testid="sign-out-everywhere"
          >
            Sign out everywhere
          </Button>
        </CardContent>
      </Card>
    </div>
  );
}
