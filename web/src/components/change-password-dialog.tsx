import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { useChangePassword } from '@/api/hooks';
import { changePasswordSchema, type ChangePasswordValues } from '@/lib/schemas';

export function ChangePasswordForm({ onDone }: { onDone?: () => void }) {
  const change = useChangePassword();
  const form = useForm<ChangePasswordValues>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: { current_password: '', new_password: '', confirm: '' },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((v) =>
    change.mutate(
      { current_password: v.current_password, new_password: v.new_password },
      {
        onSuccess: () => {
          toast.success('Password changed.');
          form.reset();
          onDone?.();
        },
      },
    ),
  );

  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate data-testid="change-password-form">
      <FormError error={change.error} />
      <Field label="Current password" htmlFor="current_password" error={errors.current_password?.message}>
        <Input id="current_password" type="password" autoComplete="current-password" {...form.register('current_password')} />
      </Field>
      <Field label="New password" htmlFor="new_password" error={errors.new_password?.message} hint="8 to 128 characters.">
        <Input id="new_password" type="password" autoComplete="new-password" {...form.register('new_password')} />
      </Field>
      <Field label="Confirm new password" htmlFor="confirm" error={errors.confirm?.message}>
        <Input id="confirm" type="password" autoComplete="new-password" {...form.register('confirm')} />
      </Field>
      <div className="flex justify-end">
        <Button type="submit" loading={change.isPending}>
          Change password
        </Button>
      </div>
    </form>
  );
}

export function ChangePasswordDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Change password</DialogTitle>
          <DialogDescription>Other sessions stay signed in unless you sign out everywhere.</DialogDescription>
        </DialogHeader>
        <ChangePasswordForm onDone={() => onOpenChange(false)} />
      </DialogContent>
    </Dialog>
  );
}
