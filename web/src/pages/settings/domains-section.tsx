import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { BadgeCheck, Globe, Plus, Trash2 } from 'lucide-react';
import { toast } from 'sonner';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { ConfirmDialog, useConfirm } from '@/components/confirm-dialog';
import { CopyButton } from '@/components/copy-button';
import { FormError } from '@/components/form-error';
import { LoadMore } from '@/components/load-more';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import { useAddDomain, useDeleteDomain, useDomains, useVerifyDomain } from '@/api/hooks';
import type { Domain } from '@/api/types';
import { domainSchema, type DomainValues } from '@/lib/schemas';
import { formatDate } from '@/lib/utils';

export function DomainsSection({ canWrite, canVerify }: { canWrite: boolean; canVerify: boolean }) {
  const domains = useDomains();
  const verify = useVerifyDomain();
  const add = useAddDomain();
  const remove = useDeleteDomain();
  const confirmDelete = useConfirm<Domain>();
  const form = useForm<DomainValues>({ resolver: zodResolver(domainSchema), defaultValues: { domain: '' } });
  const { errors } = form.formState;

  return (
    <Card className="overflow-hidden">
      <CardHeader>
        <CardTitle>Custom domains</CardTitle>
        <CardDescription>
          Serve the app under your own domain. Add a DNS TXT record with the verification token to prove ownership.
        </CardDescription>
      </CardHeader>
      {canWrite && (
        <CardContent>
          <form
            className="flex flex-col gap-2 sm:flex-row sm:items-start"
            onSubmit={form.handleSubmit((v) =>
              add.mutate(v.domain, {
                onSuccess: () => {
                  toast.success(`${v.domain} added. Add the TXT record to verify it.`);
                  form.reset();
                },
              }),
            )}
            noValidate
          >
            <div className="flex-1 space-y-1">
              <Input placeholder="app.example.com" aria-label="Domain" {...form.register('domain')} data-testid="domain-input" />
              {errors.domain && <p className="text-xs text-destructive">{errors.domain.message}</p>}
            </div>
            <Button type="submit" loading={add.isPending} data-testid="domain-add">
              <Plus /> Add domain
            </Button>
          </form>
          <FormError error={add.error} className="mt-3" />
        </CardContent>
      )}
      <div className="border-t">
        {domains.isPending ? (
          <Spinner />
        ) : domains.isError ? (
          <div className="p-4">
            <QueryError error={domains.error} onRetry={() => void domains.refetch()} />
          </div>
        ) : domains.items.length === 0 ? (
          <EmptyState icon={Globe} title="No custom domains" />
        ) : (
          <Table data-testid="domains-table">
            <TableHeader>
              <TableRow>
                <TableHead>Domain</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>TXT record value</TableHead>
                <TableHead>Added</TableHead>
                <TableHead className="w-12" />
              </TableRow>
            </TableHeader>
            <TableBody>
              {domains.items.map((d) => (
                <TableRow key={d.id} data-testid="domain-row">
                  <TableCell className="font-medium">{d.domain}</TableCell>
                  <TableCell>
                    <Badge variant={d.verified ? 'success' : 'warning'}>{d.verified ? 'Verified' : 'Pending'}</Badge>
                  </TableCell>
                  <TableCell>
                    {d.verified ? (
                      <span className="text-muted-foreground">—</span>
                    ) : (
                      <div className="flex items-center gap-2">
                        <code className="max-w-56 truncate font-mono text-xs" title={d.verification_token}>
                          {d.verification_token}
                        </code>
                        <CopyButton value={d.verification_token} label="Copy" />
                      </div>
                    )}
                  </TableCell>
                  <TableCell className="text-muted-foreground">{formatDate(d.created_at)}</TableCell>
                  <TableCell>
                    <div className="flex justify-end gap-1">
                      {canVerify && !d.verified && (
                        <Button
                          variant="outline"
                          size="sm"
                          loading={verify.isPending && verify.variables === d.id}
                          onClick={() => verify.mutate(d.id, { onSuccess: () => toast.success(`${d.domain} verified.`) })}
                        >
                          <BadgeCheck /> Verify
                        </Button>
                      )}
                      {canWrite && (
                        <Button variant="ghost" size="icon" aria-label="Remove domain" onClick={() => confirmDelete.ask(d)}>
                          <Trash2 className="text-destructive" />
                        </Button>
                      )}
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <LoadMore query={domains} />
      </div>
      <ConfirmDialog
        {...confirmDelete.dialogProps}
        title="Remove domain?"
        description={`${confirmDelete.pending?.domain ?? ''} will stop serving this workspace.`}
        confirmLabel="Remove"
        destructive
        loading={remove.isPending}
        onConfirm={() =>
          confirmDelete.pending &&
          remove.mutate(confirmDelete.pending.id, {
            onSuccess: () => {
              toast.success('Domain removed.');
              confirmDelete.close();
            },
          })
        }
      />
    </Card>
  );
}
