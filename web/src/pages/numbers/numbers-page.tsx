import * as React from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { AlertTriangle, FlaskConical, Pencil, PhoneForwarded, PhoneOutgoing, Plus, Trash2 } from 'lucide-react';
import { Link } from 'wouter';
import { toast } from 'sonner';
import { Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Switch } from '@/components/ui/switch';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { ConfirmDialog, useConfirm } from '@/components/confirm-dialog';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { LoadMore } from '@/components/load-more';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import { useCan } from '@/components/guards';
import { useLiveNumber, useNumberAgents, useNumbers, useReleaseNumber, useRenameNumber, useUpdateNumber } from '@/api/hooks';
import { fieldMessages } from '@/api/client';
import type { PhoneNumber } from '@/api/types';
import {
  carrierLabel,
  formatPhoneNumber,
  isNumberEditable,
  isNumberReleasable,
  NUMBER_LABEL_MAX,
  numberLabelSchema,
  type NumberLabelValues,
} from '@/lib/numbers';
import { PERM } from '@/lib/permissions';
import { formatDate } from '@/lib/utils';
import { BuyNumberDialog } from './buy-number-dialog';
import { AgentSelect, agentName, CarrierBadge, NumberStatusBadge } from './number-bits';
import { PlaceCallDialog } from '@/pages/simulator/place-call-dialog';

type AgentsInfo = ReturnType<typeof useNumberAgents>;

export function NumbersPage() {
  const can = useCan();
  const canWrite = can(PERM.numbersWrite);
  const canCall = can(PERM.callsWrite);
  const [calling, setCalling] = React.useState<string | null>(null);
  const [showReleased, setShowReleased] = React.useState(false);
  const numbers = useNumbers(showReleased);
  const agents = useNumberAgents(can(PERM.agentsRead));
  const [buyOpen, setBuyOpen] = React.useState(false);
  const [renaming, setRenaming] = React.useState<PhoneNumber | null>(null);
  const confirmRelease = useConfirm<PhoneNumber>();
  const release = useReleaseNumber();

  const buyButton = canWrite && (
    <Button onClick={() => setBuyOpen(true)} data-testid="buy-number-button">
      <Plus /> Buy a number
    </Button>
  );
  const pending = confirmRelease.pending;

  return (
    <div data-testid="numbers-page">
      <PageHeader
        title="Numbers"
        description="Phone numbers your callers dial. Each one sends its calls to the agent you assign to it."
        actions={buyButton}
      />
      <Card className="overflow-hidden">
        <div className="flex items-center justify-end gap-2 border-b p-3">
          <Switch
            id="show-released"
            checked={showReleased}
            onCheckedChange={setShowReleased}
            data-testid="show-released"
          />
          <Label htmlFor="show-released" className="cursor-pointer font-normal text-muted-foreground">
            Show released
          </Label>
        </div>
        {numbers.isPending ? (
          <Spinner />
        ) : numbers.isError ? (
          <div className="p-4">
            <QueryError error={numbers.error} onRetry={() => void numbers.refetch()} />
          </div>
        ) : numbers.items.length === 0 ? (
          <EmptyState
            icon={PhoneForwarded}
            title={showReleased ? 'No numbers yet' : 'No numbers in use'}
            description="A phone number routes the calls it receives to the agent you assign to it. Simulator numbers are free and let you try your agents without a carrier."
            action={
              canWrite && (
                <Button className="mt-2" onClick={() => setBuyOpen(true)} data-testid="buy-number-empty">
                  <Plus /> Buy your first number
                </Button>
              )
            }
          />
        ) : (
          <Table data-testid="numbers-table">
            <TableHeader>
              <TableRow>
                <TableHead>Number</TableHead>
                <TableHead>Carrier</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Agent</TableHead>
                <TableHead>Created</TableHead>
                {(canWrite || canCall) && <TableHead className="w-24" />}
              </TableRow>
            </TableHeader>
            <TableBody>
              {numbers.items.map((n) => (
                <NumberRow
                  key={n.id}
                  number={n}
                  canWrite={canWrite}
                  canCall={canCall}
                  onCall={setCalling}
                  agents={agents}
                  onRename={setRenaming}
                  onRelease={confirmRelease.ask}
                />
              ))}
            </TableBody>
          </Table>
        )}
        <LoadMore query={numbers} />
      </Card>
      {canWrite && <BuyNumberDialog open={buyOpen} onOpenChange={setBuyOpen} />}
      {canWrite && <RenameDialog number={renaming} onClose={() => setRenaming(null)} />}
      {canCall && <PlaceCallDialog open={calling !== null} onOpenChange={(o) => !o && setCalling(null)} defaultNumberId={calling} />}
      <ConfirmDialog
        {...confirmRelease.dialogProps}
        title={pending?.status === 'failed' ? 'Remove this number?' : 'Release this number?'}
        description={
          pending?.status === 'failed'
            ? `${formatPhoneNumber(pending.phone_number)} was never bought; this removes it from your numbers.`
            : `Calls to ${pending ? formatPhoneNumber(pending.phone_number) : ''} stop reaching your agents and the number goes back to ${
                pending ? carrierLabel(pending.carrier) : 'the carrier'
              }. You may not get it back.`
        }
        confirmLabel={pending?.status === 'failed' ? 'Remove number' : 'Release number'}
        destructive
        loading={release.isPending}
        onConfirm={() =>
          pending &&
          release.mutate(pending.id, {
            onSuccess: (n) => {
              toast.success(n.status === 'released' ? 'Number removed.' : `Releasing ${formatPhoneNumber(n.phone_number)}…`);
              confirmRelease.close();
            },
          })
        }
      />
    </div>
  );
}

function NumberRow({
  number,
  canWrite,
  canCall,
  onCall,
  agents,
  onRename,
  onRelease,
}: {
  number: PhoneNumber;
  canWrite: boolean;
  canCall: boolean;
  onCall: (id: string) => void;
  agents: AgentsInfo;
  onRename: (n: PhoneNumber) => void;
  onRelease: (n: PhoneNumber) => void;
}) {
  const n = useLiveNumber(number);
  const update = useUpdateNumber();
  const formatted = formatPhoneNumber(n.phone_number);
  const labelled = n.friendly_name.trim() !== '' && n.friendly_name !== n.phone_number && n.friendly_name !== formatted;
  const editable = isNumberEditable(n.status);

  const assign = (agentId: string | null) =>
    update.mutate(
      { id: n.id, body: { agent_id: agentId } },
      {
        onSuccess: (saved) =>
          toast.success(
            saved.agent_id
              ? `Calls to ${formatted} now go to ${agentName(saved.agent_id, agents.names)}.`
              : `Calls to ${formatted} no longer go to an agent.`,
          ),
      },
    );

  return (
    <TableRow data-testid="number-row" data-id={n.id} data-number={n.phone_number} data-status={n.status}>
      <TableCell>
        <div className="font-mono font-medium tabular-nums whitespace-nowrap" data-testid="number-phone">
          {formatted}
        </div>
        {labelled && (
          <div className="max-w-56 truncate text-xs text-muted-foreground" title={n.friendly_name} data-testid="number-label">
            {n.friendly_name}
          </div>
        )}
      </TableCell>
      <TableCell>
        <CarrierBadge carrier={n.carrier} />
      </TableCell>
      <TableCell>
        <NumberStatusBadge status={n.status} />
        {n.status === 'failed' && n.last_error && (
          <p className="mt-1 flex max-w-64 items-start gap-1 text-xs text-destructive" data-testid="number-error">
            <AlertTriangle className="mt-0.5 size-3 shrink-0" aria-hidden />
            <span className="break-words">{n.last_error}</span>
          </p>
        )}
      </TableCell>
      <TableCell>
        {canWrite && editable ? (
          <AgentSelect
            value={n.agent_id ?? null}
            onChange={assign}
            agents={agents.callAgents}
            names={agents.names}
            disabled={update.isPending}
            label={`Agent answering ${formatted}`}
            testId="number-agent-select"
          />
        ) : (
          <span className={n.agent_id ? '' : 'text-muted-foreground'} data-testid="number-agent">
            {n.agent_id ? agentName(n.agent_id, agents.names) : 'No agent'}
          </span>
        )}
      </TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground" title={n.created_at}>
        {formatDate(n.created_at)}
      </TableCell>
      {(canWrite || canCall) && (
        <TableCell>
          <div className="flex justify-end gap-1">
            {canCall && n.status === 'active' && n.carrier === 'simulator' && (
              <Button variant="ghost" size="icon" asChild>
                <Link href={`/simulator?number=${n.id}`} aria-label={`Simulate a call to ${formatted}`} title="Simulate a call to this number" data-testid="number-simulate">
                  <FlaskConical />
                </Link>
              </Button>
            )}
            {canCall && n.status === 'active' && (
              <Button
                variant="ghost"
                size="icon"
                aria-label={`Call a number from ${formatted}`}
                title="Call a number from this number"
                onClick={() => onCall(n.id)}
                data-testid="number-call"
              >
                <PhoneOutgoing />
              </Button>
            )}
            {canWrite && editable && (
              <Button variant="ghost" size="icon" aria-label={`Rename ${formatted}`} onClick={() => onRename(n)} data-testid="number-rename">
                <Pencil />
              </Button>
            )}
            {canWrite && isNumberReleasable(n.status) && (
              <Button variant="ghost" size="icon" aria-label={`Release ${formatted}`} onClick={() => onRelease(n)} data-testid="number-release">
                <Trash2 className="text-destructive" />
              </Button>
            )}
          </div>
        </TableCell>
      )}
    </TableRow>
  );
}

function RenameDialog({ number, onClose }: { number: PhoneNumber | null; onClose: () => void }) {
  const rename = useRenameNumber();
  const form = useForm<NumberLabelValues>({ resolver: zodResolver(numberLabelSchema), defaultValues: { friendly_name: '' } });
  const { errors } = form.formState;
  const serverField = fieldMessages(rename.error).friendly_name;

  React.useEffect(() => {
    if (number) {
      form.reset({ friendly_name: number.friendly_name });
      rename.reset();
    }
  }, [number]);

  const onSubmit = form.handleSubmit((v) => {
    if (!number) return;
    rename.mutate(
      { id: number.id, friendly_name: v.friendly_name },
      {
        onSuccess: () => {
          toast.success('Label saved.');
          onClose();
        },
      },
    );
  });

  return (
    <Dialog open={number !== null} onOpenChange={(o) => !o && onClose()}>
      <DialogContent className="max-w-md" data-testid="rename-number-dialog">
        <DialogHeader>
          <DialogTitle>Rename number</DialogTitle>
          <DialogDescription>
            A label for {number ? formatPhoneNumber(number.phone_number) : 'the number'}.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} noValidate className="grid gap-4">
          <FormError error={rename.error && !serverField ? rename.error : null} />
          <Field label="Label" htmlFor="number-label" error={errors.friendly_name?.message ?? serverField}>
            <Input
              id="number-label"
              autoFocus
              maxLength={NUMBER_LABEL_MAX}
              aria-invalid={!!(errors.friendly_name || serverField)}
              {...form.register('friendly_name')}
              data-testid="number-label-input"
            />
          </Field>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={rename.isPending} data-testid="number-label-save">
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
