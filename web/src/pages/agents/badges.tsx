import { MessageSquare, Phone } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import type { AgentKind, AgentStatus } from '@/api/types';

const STATUS_VARIANT = {
  draft: 'secondary',
  active: 'success',
  paused: 'warning',
  archived: 'outline',
} as const;

export function AgentStatusBadge({ status }: { status: AgentStatus }) {
  return (
    <Badge variant={STATUS_VARIANT[status] ?? 'secondary'} className="capitalize" data-testid="agent-status-badge">
      {status}
    </Badge>
  );
}

export function AgentKindBadge({ kind }: { kind: AgentKind }) {
  const Icon = kind === 'chat' ? MessageSquare : Phone;
  return (
    <Badge variant="outline" className="gap-1 font-normal capitalize" data-testid="agent-kind-badge">
      <Icon className="size-3 text-muted-foreground" />
      {kind}
    </Badge>
  );
}

/** "v3", or "Unpublished" before the first publish. */
export function VersionLabel({ version }: { version: number }) {
  return version > 0 ? (
    <span className="font-mono text-xs tabular-nums">v{version}</span>
  ) : (
    <span className="text-xs text-muted-foreground">Unpublished</span>
  );
}
