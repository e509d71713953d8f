import { useEffect, useMemo } from 'react';
import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import { isRunActive } from '@/lib/sync-runs';
import { isNumberPending, latestNumber, NUMBER_POLL_MS, withNumber, type NumberSearchQuery } from '@/lib/numbers';
import { api, ApiError, setCsrfToken, unwrap } from './client';
import type {
  Agent,
  AgentKind,
  AgentStatus,
  BodyOf,
  CallerDefaults,
  CreditAdjustmentBody,
  CreatePlanBody,
  CreateTenantBody,
  Me,
  NewNumberBody,
  NumberChangeBody,
  Page,
  PhoneNumber,
  TwilioCredentials,
  UpdateAgentBody,
  UpdateMemberBody,
  UpdatePlanBody,
} from './types';

export const PAGE_SIZE = 50;

// --- query keys -------------------------------------------------------------------------------

export const qk = {
  me: ['me'] as const,
  branding: (tenantId: string | null) => ['branding', tenantId] as const,
  setup: ['setup'] as const,
  invitationLookup: (token: string) => ['invitation-lookup', token] as const,
  myTenants: (q: string) => ['me', 'tenants', q] as const,
  users: ['users'] as const,
  invitations: ['invitations'] as const,
  permissions: ['permissions'] as const,
  roles: ['roles'] as const,
  apiKeys: ['api-keys'] as const,
  tenant: ['tenant'] as const,
  tenantBranding: ['tenant', 'branding'] as const,
  domains: ['tenant', 'domains'] as const,
  tenants: (filters: TenantFilters) => ['tenants', filters] as const,
  plans: ['plans'] as const,
  audit: (scope: 'tenant' | 'platform', filters: AuditFilters) => ['audit', scope, filters] as const,
  outbox: ['outbox'] as const,
  agents: (filters: AgentFilters) => ['agents', 'list', filters] as const,
  agentCount: ['agents', 'count'] as const,
  agent: (id: string) => ['agents', 'detail', id] as const,
  agentVersions: (id: string) => ['agents', 'versions', id] as const,
  credits: ['credits'] as const,
  ledger: ['credits', 'ledger'] as const,
  outboxEmail: (id: string) => ['outbox', id] as const,
  elevenlabs: ['integrations', 'elevenlabs'] as const,
  syncRuns: ['integrations', 'elevenlabs', 'sync-runs'] as const,
  // Outside ['integrations', ...] so refreshing the connection does not refetch a finished run.
  syncRun: (id: string) => ['sync-run', id] as const,
  twilio: ['integrations', 'twilio'] as const,
  numbers: (includeReleased: boolean) => ['numbers', 'list', { includeReleased }] as const,
  number: (id: string) => ['numbers', 'detail', id] as const,
  availableNumbers: (q: NumberSearchQuery | null) => ['numbers', 'available', q] as const,
  // Under ['agents', 'list'] so agent changes refresh it.
  numberAgents: ['agents', 'list', 'number-options'] as const,
  callerDefaults: ['contacts', 'defaults'] as const,
  contactLookup: (phone: string, region: string) => ['contacts', 'lookup', phone, region] as const,
};

// --- generic paginated list -------------------------------------------------------------------

/** A keyset-paginated list as one flat array plus "load more". */
export function useList<T>(
  key: QueryKey,
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  enabled = true,
) {
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page<T>) => last.next_cursor ?? undefined,
    enabled,
  });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  return { ...query, items };
}

// --- session ----------------------------------------------------------------------------------

/** Stores a fresh Me answer (login, accept invitation, tenant switch) and its CSRF token. */
export function storeMe(qc: QueryClient, me: Me): void {
  setCsrfToken(me.csrf_token);
  qc.setQueryData(qk.me, me);
}

export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await unwrap(api.GET('/api/v1/me'));
    setCsrfToken(me.csrf_token);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

/** The signed-in user (null when signed out). */
export function useMe() {
  return useQuery({ queryKey: qk.me, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

export function usePublicBranding(tenantId: string | null) {
  return useQuery({
    queryKey: qk.branding(tenantId),
    queryFn: () => unwrap(api.GET('/api/v1/branding')),
    staleTime: 5 * 60_000,
    retry: 1,
  });
}

export function useSetupStatus() {
  return useQuery({
    queryKey: qk.setup,
    queryFn: () => unwrap(api.GET('/api/v1/setup')),
    retry: false,
  });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<'/api/v1/auth/login', 'post'>) =>
      unwrap(api.POST('/api/v1/auth/login', { body })),
    onSuccess: (me) => {
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      storeMe(qc, me);
    },
    meta: { inlineError: true },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (everywhere: boolean) =>
      unwrap(
        everywhere
          ? api.POST('/api/v1/auth/logout-all', { parseAs: 'text' })
          : api.POST('/api/v1/auth/logout', { parseAs: 'text' }),
      ),
    onSettled: () => {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(qk.me, null);
    },
  });
}

export function useRegister() {
  return useMutation({
    mutationFn: (body: BodyOf<'/api/v1/auth/register', 'post'>) =>
      unwrap(api.POST('/api/v1/auth/register', { body })),
    meta: { inlineError: true },
  });
}

export function useVerifyEmail() {
  return useMutation({
    mutationFn: (token: string) =>
      unwrap(api.POST('/api/v1/auth/verify-email', { body: { token } })),
    meta: { inlineError: true },
  });
}

export function useResendVerification() {
  return useMutation({
    mutationFn: (email: string) =>
      unwrap(api.POST('/api/v1/auth/resend-verification', { body: { email }, parseAs: 'text' })),
  });
}

export function useForgotPassword() {
  return useMutation({
    mutationFn: (email: string) =>
      unwrap(api.POST('/api/v1/auth/forgot-password', { body: { email }, parseAs: 'text' })),
    meta: { inlineError: true },
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (body: BodyOf<'/api/v1/auth/reset-password', 'post'>) =>
      unwrap(api.POST('/api/v1/auth/reset-password', { body, parseAs: 'text' })),
    meta: { inlineError: true },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: BodyOf<'/api/v1/auth/change-password', 'post'>) =>
      unwrap(api.POST('/api/v1/auth/change-password', { body, parseAs: 'text' })),
    meta: { inlineError: true },
  });
}

export function useSetup() {
  return useMutation({
    mutationFn: (body: BodyOf<'/api/v1/setup', 'post'>) =>
      unwrap(api.POST('/api/v1/setup', { body, parseAs: 'text' })),
    meta: { inlineError: true },
  });
}

export function useInvitationLookup(token: string) {
  return useQuery({
    queryKey: qk.invitationLookup(token),
    queryFn: () => unwrap(api.GET('/api/v1/invitations/lookup', { params: { query: { token } } })),
    enabled: token.length > 0,
    retry: false,
  });
}

export function useAcceptInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<'/api/v1/invitations/accept', 'post'>) =>
      unwrap(api.POST('/api/v1/invitations/accept', { body })),
    onSuccess: (me) => {
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      storeMe(qc, me);
    },
    meta: { inlineError: true },
  });
}

// --- tenant switching -------------------------------------------------------------------------

export function useMyTenants(q: string, enabled: boolean) {
  return useList(
    qk.myTenants(q),
    (cursor) =>
      unwrap(
        api.GET('/api/v1/me/tenants', {
          params: { query: { q: q || undefined, limit: 20, cursor } },
        }),
      ),
    enabled,
  );
}

export function useSwitchTenant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (tenantId: string) =>
      unwrap(api.POST('/api/v1/me/tenant', { body: { tenant_id: tenantId } })),
    onSuccess: async (me) => {
      storeMe(qc, me);
      // Everything else belongs to the previous tenant.
      await qc.resetQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    },
  });
}

// --- team -------------------------------------------------------------------------------------

export function useMembers(enabled = true) {
  return useList(
    qk.users,
    (cursor) => unwrap(api.GET('/api/v1/users', { params: { query: { limit: PAGE_SIZE, cursor } } })),
    enabled,
  );
}

export function useUpdateMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateMemberBody }) =>
      unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.users }),
  });
}

export function useRemoveMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/users/{id}', { params: { path: { id } }, parseAs: 'text' })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.users }),
  });
}

export function useInvitations(enabled = true) {
  return useList(
    qk.invitations,
    (cursor) =>
      unwrap(api.GET('/api/v1/invitations', { params: { query: { limit: PAGE_SIZE, cursor } } })),
    enabled,
  );
}

export function useCreateInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<'/api/v1/invitations', 'post'>) =>
      unwrap(api.POST('/api/v1/invitations', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.invitations }),
    meta: { inlineError: true },
  });
}

export function useRevokeInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/invitations/{id}', { params: { path: { id } }, parseAs: 'text' })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.invitations }),
  });
}

export function usePermissions(enabled = true) {
  return useQuery({
    queryKey: qk.permissions,
    queryFn: () => unwrap(api.GET('/api/v1/permissions')),
    staleTime: 10 * 60_000,
    enabled,
  });
}

export function useRoles(enabled = true) {
  return useQuery({
    queryKey: qk.roles,
    queryFn: () => unwrap(api.GET('/api/v1/roles')),
    enabled,
  });
}

export function useSaveRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name, permissions }: { id?: string; name: string; permissions: string[] }) =>
      id
        ? unwrap(api.PATCH('/api/v1/roles/{id}', { params: { path: { id } }, body: { name, permissions } }))
        : unwrap(api.POST('/api/v1/roles', { body: { name, permissions } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.roles }),
    meta: { inlineError: true },
  });
}

export function useDeleteRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/roles/{id}', { params: { path: { id } }, parseAs: 'text' })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.roles }),
  });
}

// --- API keys ---------------------------------------------------------------------------------

export function useApiKeys(enabled = true) {
  return useList(
    qk.apiKeys,
    (cursor) =>
      unwrap(api.GET('/api/v1/api-keys', { params: { query: { limit: PAGE_SIZE, cursor } } })),
    enabled,
  );
}

export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<'/api/v1/api-keys', 'post'>) =>
      unwrap(api.POST('/api/v1/api-keys', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.apiKeys }),
    meta: { inlineError: true },
  });
}

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } }, parseAs: 'text' })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.apiKeys }),
  });
}

// --- tenant settings --------------------------------------------------------------------------

export function useTenant(enabled = true) {
  return useQuery({
    queryKey: qk.tenant,
    queryFn: () => unwrap(api.GET('/api/v1/tenant')),
    enabled,
  });
}

export function useUpdateTenant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => unwrap(api.PATCH('/api/v1/tenant', { body: { name } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.tenant });
      void qc.invalidateQueries({ queryKey: qk.me });
    },
  });
}

export function useTenantBranding(enabled = true) {
  return useQuery({
    queryKey: qk.tenantBranding,
    queryFn: () => unwrap(api.GET('/api/v1/tenant/branding')),
    enabled,
  });
}

export function useSaveBranding() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<'/api/v1/tenant/branding', 'put'>) =>
      unwrap(api.PUT('/api/v1/tenant/branding', { body })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.tenantBranding });
      void qc.invalidateQueries({ queryKey: ['branding'] });
    },
  });
}

export function useDomains(enabled = true) {
  return useList(
    qk.domains,
    (cursor) =>
      unwrap(api.GET('/api/v1/tenant/domains', { params: { query: { limit: PAGE_SIZE, cursor } } })),
    enabled,
  );
}

export function useAddDomain() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (domain: string) => unwrap(api.POST('/api/v1/tenant/domains', { body: { domain } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.domains }),
    meta: { inlineError: true },
  });
}

export function useDeleteDomain() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/tenant/domains/{id}', { params: { path: { id } }, parseAs: 'text' })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.domains }),
  });
}

export function useVerifyDomain() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/v1/tenant/domains/{id}/verify', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.domains }),
  });
}

// --- admin: tenants and plans -----------------------------------------------------------------

export interface TenantFilters {
  q: string;
  kind: string;
  status: string;
}

export function useTenants(filters: TenantFilters, enabled = true) {
  return useList(
    qk.tenants(filters),
    (cursor) =>
      unwrap(
        api.GET('/api/v1/tenants', {
          params: {
            query: {
              q: filters.q || undefined,
              kind: filters.kind || undefined,
              status: filters.status || undefined,
              limit: PAGE_SIZE,
              cursor,
            },
          },
        }),
      ),
    enabled,
  );
}

function invalidateTenants(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: ['tenants'] });
  void qc.invalidateQueries({ queryKey: ['me', 'tenants'] });
}

export function useCreateTenant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTenantBody) => unwrap(api.POST('/api/v1/tenants', { body })),
    onSuccess: () => invalidateTenants(qc),
    meta: { inlineError: true },
  });
}

export function useUpdateAdminTenant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: BodyOf<'/api/v1/tenants/{id}', 'patch'> }) =>
      unwrap(api.PATCH('/api/v1/tenants/{id}', { params: { path: { id } }, body })),
    onSuccess: () => invalidateTenants(qc),
    meta: { inlineError: true },
  });
}

export function useTenantAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'suspend' | 'reactivate' | 'delete' }) => {
      const params = { path: { id } };
      if (action === 'suspend') {
        return unwrap(api.POST('/api/v1/tenants/{id}/suspend', { params, parseAs: 'text' }));
      }
      if (action === 'reactivate') {
        return unwrap(api.POST('/api/v1/tenants/{id}/reactivate', { params, parseAs: 'text' }));
      }
      return unwrap(api.DELETE('/api/v1/tenants/{id}', { params, parseAs: 'text' }));
    },
    onSuccess: () => invalidateTenants(qc),
  });
}

export function usePlans(enabled = true) {
  return useQuery({
    queryKey: qk.plans,
    queryFn: () => unwrap(api.GET('/api/v1/plans')),
    enabled,
  });
}

export function useSavePlan() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; body: UpdatePlanBody } | { id?: undefined; body: CreatePlanBody }) =>
      input.id
        ? unwrap(api.PATCH('/api/v1/plans/{id}', { params: { path: { id: input.id } }, body: input.body }))
        : unwrap(api.POST('/api/v1/plans', { body: input.body as CreatePlanBody })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.plans }),
    meta: { inlineError: true },
  });
}

// --- audit log and outbox ---------------------------------------------------------------------

export interface AuditFilters {
  action: string;
  resource_type: string;
  actor: string;
  from: string;
  to: string;
  tenant_id: string;
}

function auditQuery(filters: AuditFilters, cursor: string | undefined) {
  return {
    action: filters.action || undefined,
    resource_type: filters.resource_type || undefined,
    actor: filters.actor || undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
    limit: PAGE_SIZE,
    cursor,
  };
}

export function useAuditLog(scope: 'tenant' | 'platform', filters: AuditFilters, enabled = true) {
  return useList(
    qk.audit(scope, filters),
    (cursor) =>
      scope === 'platform'
        ? unwrap(
            api.GET('/api/v1/admin/audit-log', {
              params: {
                query: { ...auditQuery(filters, cursor), tenant_id: filters.tenant_id || undefined },
              },
            }),
          )
        : unwrap(api.GET('/api/v1/audit-log', { params: { query: auditQuery(filters, cursor) } })),
    enabled,
  );
}

export function useOutbox(enabled = true) {
  return useList(
    qk.outbox,
    (cursor) =>
      unwrap(api.GET('/api/v1/admin/outbox', { params: { query: { limit: PAGE_SIZE, cursor } } })),
    enabled,
  );
}

export function useOutboxEmail(id: string) {
  return useQuery({
    queryKey: qk.outboxEmail(id),
    queryFn: () => unwrap(api.GET('/api/v1/admin/outbox/{id}', { params: { path: { id } } })),
  });
}

// --- agents -----------------------------------------------------------------------------------

export interface AgentFilters {
  q: string;
  kind: AgentKind | '';
  status: AgentStatus | '';
}

export function useAgents(filters: AgentFilters, enabled = true) {
  return useList(
    qk.agents(filters),
    (cursor) =>
      unwrap(
        api.GET('/api/v1/agents', {
          params: {
            query: {
              q: filters.q || undefined,
              kind: filters.kind || undefined,
              status: filters.status || undefined,
              limit: PAGE_SIZE,
              cursor,
            },
          },
        }),
      ),
    enabled,
  );
}

export const AGENT_COUNT_LIMIT = 100;

/** How many agents the tenant has (`more` when there are over AGENT_COUNT_LIMIT). */
export function useAgentCount(enabled = true) {
  return useQuery({
    queryKey: qk.agentCount,
    queryFn: async () => {
      const page = await unwrap(api.GET('/api/v1/agents', { params: { query: { limit: AGENT_COUNT_LIMIT } } }));
      return {
        count: page.items.length,
        more: Boolean(page.next_cursor),
        active: page.items.filter((a) => a.status === 'active').length,
      };
    },
    enabled,
  });
}

export function useAgent(id: string) {
  return useQuery({
    queryKey: qk.agent(id),
    queryFn: () => unwrap(api.GET('/api/v1/agents/{id}', { params: { path: { id } } })),
  });
}

/** After a change: the detail gets the server's answer, lists and counts refetch. */
function agentChanged(qc: QueryClient, agent?: Agent) {
  if (agent) qc.setQueryData(qk.agent(agent.id), agent);
  void qc.invalidateQueries({ queryKey: ['agents', 'list'] });
  void qc.invalidateQueries({ queryKey: qk.agentCount });
}

export function useCreateAgent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<'/api/v1/agents', 'post'>) => unwrap(api.POST('/api/v1/agents', { body })),
    onSuccess: (agent) => agentChanged(qc, agent),
    meta: { inlineError: true },
  });
}

export function useUpdateAgent(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateAgentBody) =>
      unwrap(api.PATCH('/api/v1/agents/{id}', { params: { path: { id } }, body })),
    onSuccess: (agent) => agentChanged(qc, agent),
    meta: { inlineError: true },
  });
}

export function useDeleteAgent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/agents/{id}', { params: { path: { id } }, parseAs: 'text' })),
    // The detail query is left alone: the page navigates away, and a later visit refetches (404).
    onSuccess: () => agentChanged(qc),
  });
}

export function useAgentVersions(id: string, enabled = true) {
  return useList(
    qk.agentVersions(id),
    (cursor) =>
      unwrap(
        api.GET('/api/v1/agents/{id}/versions', {
          params: { path: { id }, query: { limit: PAGE_SIZE, cursor } },
        }),
      ),
    enabled,
  );
}

/** Publishing or rolling back adds a version and changes the agent (current version, draft). */
function versionAdded(qc: QueryClient, id: string) {
  void qc.invalidateQueries({ queryKey: qk.agentVersions(id) });
  void qc.invalidateQueries({ queryKey: qk.agent(id) });
  void qc.invalidateQueries({ queryKey: ['agents', 'list'] });
}

export function usePublishAgent(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (note: string) =>
      unwrap(
        api.POST('/api/v1/agents/{id}/publish', {
          params: { path: { id } },
          body: { note: note.trim() || null },
        }),
      ),
    onSuccess: () => versionAdded(qc, id),
    meta: { inlineError: true },
  });
}

export function useRollbackAgent(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (version: number) =>
      unwrap(api.POST('/api/v1/agents/{id}/rollback', { params: { path: { id } }, body: { version } })),
    onSuccess: () => versionAdded(qc, id),
  });
}

// --- credits ----------------------------------------------------------------------------------

export function useCredits(enabled = true) {
  return useQuery({
    queryKey: qk.credits,
    queryFn: () => unwrap(api.GET('/api/v1/credits')),
    enabled,
    staleTime: 60_000,
  });
}

export function useLedger(enabled = true) {
  return useList(
    qk.ledger,
    (cursor) =>
      unwrap(api.GET('/api/v1/credits/ledger', { params: { query: { limit: PAGE_SIZE, cursor } } })),
    enabled,
  );
}

export function useCreditAdjustment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ idempotencyKey, body }: { idempotencyKey: string; body: CreditAdjustmentBody }) =>
      unwrap(
        api.POST('/api/v1/admin/credit-adjustments', {
          params: { header: { 'Idempotency-Key': idempotencyKey } },
          body,
        }),
      ),
    // The acting tenant may be the adjusted one (platform adjusting itself).
    onSuccess: () => qc.invalidateQueries({ queryKey: ['credits'] }),
    meta: { inlineError: true },
  });
}

// --- integrations: ElevenLabs -----------------------------------------------------------------

export const SYNC_RUNS_PAGE = 10;
export const SYNC_POLL_MS = 1000;

export function useElevenLabsIntegration(enabled = true) {
  return useQuery({
    queryKey: qk.elevenlabs,
    queryFn: () => unwrap(api.GET('/api/v1/integrations/elevenlabs')),
    enabled,
  });
}

export function useSaveElevenLabsKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (apiKey: string) =>
      unwrap(api.PUT('/api/v1/integrations/elevenlabs', { body: { api_key: apiKey } })),
    onSuccess: (integration) => {
      qc.setQueryData(qk.elevenlabs, integration);
      // A new key may have queued a re-sync.
      void qc.invalidateQueries({ queryKey: qk.syncRuns });
    },
    meta: { inlineError: true },
  });
}

export function useRemoveElevenLabsKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/integrations/elevenlabs', { parseAs: 'text' })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.elevenlabs }),
  });
}

/** Queues a sync (or joins the one queued or running); answers the run. */
export function useStartSync() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/integrations/elevenlabs/sync')),
    onSuccess: (run) => {
      qc.setQueryData(qk.syncRun(run.id), run);
      void qc.invalidateQueries({ queryKey: qk.elevenlabs });
    },
    meta: { inlineError: true },
  });
}

export function useSyncRuns(enabled = true) {
  return useList(
    qk.syncRuns,
    (cursor) =>
      unwrap(
        api.GET('/api/v1/integrations/elevenlabs/sync-runs', {
          params: { query: { limit: SYNC_RUNS_PAGE, cursor } },
        }),
      ),
    enabled,
  );
}

/**
 * Follows one run: polls it every second while it is queued or running. When it has finished,
 * the connection, the run list and the calls (and credits) are refreshed so imported calls show.
 */
export function useSyncRun(id: string | null) {
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: qk.syncRun(id ?? ''),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/integrations/elevenlabs/sync-runs/{id}', { params: { path: { id: id ?? '' } } }),
      ),
    enabled: Boolean(id),
    staleTime: 0,
    refetchInterval: (q) => (q.state.data && !isRunActive(q.state.data) ? false : SYNC_POLL_MS),
  });
  const finished = query.data && !isRunActive(query.data) ? query.data.id : null;
  useEffect(() => {
    if (!finished) return;
    void qc.invalidateQueries({ queryKey: qk.elevenlabs });
    void qc.invalidateQueries({ queryKey: ['calls'] });
    void qc.invalidateQueries({ queryKey: ['credits'] });
  }, [finished, qc]);
  return query;
}

// --- integrations: Twilio --------------------------------------------------------------------

export function useTwilioIntegration(enabled = true) {
  return useQuery({
    queryKey: qk.twilio,
    queryFn: () => unwrap(api.GET('/api/v1/integrations/twilio')),
    enabled,
  });
}

export function useSaveTwilio() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TwilioCredentials) => unwrap(api.PUT('/api/v1/integrations/twilio', { body })),
    onSuccess: (integration) => qc.setQueryData(qk.twilio, integration),
    meta: { inlineError: true },
  });
}

export function useRemoveTwilio() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/integrations/twilio', { parseAs: 'text' })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.twilio }),
  });
}

// --- phone numbers ----------------------------------------------------------------------------

export function useNumbers(includeReleased: boolean, enabled = true) {
  return useList(
    qk.numbers(includeReleased),
    (cursor) =>
      unwrap(
        api.GET('/api/v1/numbers', {
          params: { query: { include_released: includeReleased || undefined, limit: PAGE_SIZE, cursor } },
        }),
      ),
    enabled,
  );
}

/**
 * Puts the server's copy of a number everywhere it is shown: its detail and every loaded list
 * (`prepend` adds it to lists that do not have it yet, for a number just bought).
 */
function numberChanged(qc: QueryClient, n: PhoneNumber, prepend = false) {
  qc.setQueryData(qk.number(n.id), n);
  for (const includeReleased of [false, true]) {
    qc.setQueryData(qk.numbers(includeReleased), (data: Parameters<typeof withNumber>[0]) =>
      withNumber(data, n, { prepend, includeReleased }),
    );
  }
}

/**
 * A number as fresh as it gets: while it is being bought or released its detail is polled every
 * second; when that settles, the lists are refreshed.
 */
export function useLiveNumber(n: PhoneNumber): PhoneNumber {
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: qk.number(n.id),
    queryFn: () => unwrap(api.GET('/api/v1/numbers/{id}', { params: { path: { id: n.id } } })),
    enabled: isNumberPending(n.status),
    staleTime: NUMBER_POLL_MS,
    refetchInterval: (q) => (q.state.data && !isNumberPending(q.state.data.status) ? false : NUMBER_POLL_MS),
  });
  const current = latestNumber(n, query.data);
  const settled = isNumberPending(n.status) && !isNumberPending(current.status) ? `${current.id}:${current.status}` : null;
  useEffect(() => {
    if (settled) void qc.invalidateQueries({ queryKey: ['numbers', 'list'] });
  }, [settled, qc]);
  return current;
}

/** Numbers for sale (nothing is fetched until a search is given). */
export function useAvailableNumbers(search: NumberSearchQuery | null) {
  return useQuery({
    queryKey: qk.availableNumbers(search),
    queryFn: () =>
      unwrap(api.GET('/api/v1/numbers/available', { params: { query: { ...search!, limit: 20 } } })),
    enabled: search !== null,
    retry: false,
    staleTime: 0,
    gcTime: 60_000,
  });
}

export function useBuyNumber() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewNumberBody) => unwrap(api.POST('/api/v1/numbers', { body })),
    onSuccess: (n) => {
      numberChanged(qc, n, true);
      // It is no longer for sale.
      void qc.invalidateQueries({ queryKey: ['numbers', 'available'] });
    },
    meta: { inlineError: true },
  });
}

export function useUpdateNumber() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: NumberChangeBody }) =>
      unwrap(api.PATCH('/api/v1/numbers/{id}', { params: { path: { id } }, body })),
    onSuccess: (n) => numberChanged(qc, n),
  });
}

export function useRenameNumber() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, friendly_name }: { id: string; friendly_name: string }) =>
      unwrap(api.PATCH('/api/v1/numbers/{id}', { params: { path: { id } }, body: { friendly_name } })),
    onSuccess: (n) => numberChanged(qc, n),
    meta: { inlineError: true },
  });
}

export function useReleaseNumber() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/numbers/{id}', { params: { path: { id } } })),
    onSuccess: (n) => numberChanged(qc, n),
  });
}

/** The tenant's agents (first 100) for the number pages: names for all, options for call agents. */
export function useNumberAgents(enabled = true) {
  const query = useQuery({
    queryKey: qk.numberAgents,
    queryFn: () => unwrap(api.GET('/api/v1/agents', { params: { query: { limit: AGENT_COUNT_LIMIT } } })),
    enabled,
    staleTime: 60_000,
  });
  const all = useMemo(
    () => [...(query.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
    [query.data],
  );
  const callAgents = useMemo(() => all.filter((a) => a.kind === 'call'), [all]);
  const names = useMemo(() => new Map(all.map((a) => [a.id, a.name])), [all]);
  return { ...query, callAgents, names };
}

// --- contacts: caller defaults and lookup -----------------------------------------------------

export function useCallerDefaults(enabled = true) {
  return useQuery({
    queryKey: qk.callerDefaults,
    queryFn: () => unwrap(api.GET('/api/v1/contacts/defaults')),
    enabled,
  });
}

export function useSaveCallerDefaults() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CallerDefaults) => unwrap(api.PUT('/api/v1/contacts/defaults', { body })),
    onSuccess: (saved) => {
      qc.setQueryData(qk.callerDefaults, saved);
      // Lookups answer the defaults until contacts are imported.
      void qc.invalidateQueries({ queryKey: ['contacts', 'lookup'] });
    },
    meta: { inlineError: true },
  });
}

/** What a call from `phone` would get (nothing is fetched while `phone` is empty). */
export function useContactLookup(phone: string, region: string) {
  return useQuery({
    queryKey: qk.contactLookup(phone, region),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/contacts/lookup', {
          params: { query: { phone, region: region || undefined } },
        }),
      ),
    enabled: phone.length > 0,
    retry: false,
  });
}
