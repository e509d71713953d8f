/**
 * API types.
 *
 * `paths` is the single source of truth for the typed client (openapi-fetch). Until the backend
 * publishes ../openapi/openapi.json the section marked HAND-WRITTEN below mirrors the contract in
 * the shape openapi-typescript generates; once `npm run gen:api` has produced ./schema.d.ts that
 * section is replaced by a re-export of the generated `paths`.
 *
 * Everything the app uses is derived from `paths` (request bodies, responses, list items), so the
 * app does not depend on the names the backend gives its schemas.
 */

// ---------------------------------------------------------------------------------------------
// HAND-WRITTEN (replace with: export type { paths, components } from './schema';)
// ---------------------------------------------------------------------------------------------

type Headers = { [name: string]: unknown };
type Json<T> = { headers: Headers; content: { 'application/json': T } };
type NoContent = { headers: Headers; content?: never };
type ErrorResponses = { default: Json<components['schemas']['ErrorEnvelope']> };

type P<Q = never, Path = never> = { query?: Q; header?: never; cookie?: never } & ([Path] extends [
  never,
]
  ? { path?: never }
  : { path: Path });
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type IdPath = { id: string };
type PageQuery = { limit?: number; cursor?: string };

type OpNoBody<Par, Res> = { parameters: Par; requestBody?: never; responses: Res & ErrorResponses };
type OpBody<Par, Body, Res> = {
  parameters: Par;
  requestBody: { content: { 'application/json': Body } };
  responses: Res & ErrorResponses;
};

type S = components['schemas'];

export interface components {
  schemas: {
    ErrorEnvelope: {
      error: {
        code: string;
        message: string;
        details?: unknown;
        request_id?: string;
        timestamp?: string;
      };
    };
    PublicBranding: {
      app_name: string;
      logo_url: string | null;
      primary_color: string;
      support_email: string | null;
      tenant_id: string | null;
    };
    SetupStatus: { needs_setup: boolean };
    SetupRequest: { token: string; email: string; name: string; password: string };
    RegisterRequest: { company_name: string; name: string; email: string; password: string };
    RegisterResponse: { user_id: string; tenant_id: string; email: string };
    TokenRequest: { token: string };
    EmailRequest: { email: string };
    EmailResponse: { email: string };
    LoginRequest: { email: string; password: string };
    ResetPasswordRequest: { token: string; password: string };
    ChangePasswordRequest: { current_password: string; new_password: string };
    TenantKind: 'platform' | 'agency' | 'customer';
    MeUser: { id: string; email: string; name: string; email_verified: boolean };
    TenantSummary: {
      id: string;
      name: string;
      kind: S['TenantKind'];
      status: string;
      parent_id: string | null;
    };
    Me: {
      user: S['MeUser'];
      tenant: S['TenantSummary'];
      home_tenant_id: string;
      role: string;
      permissions: string[];
      csrf_token: string;
      can_switch_tenant: boolean;
    };
    SwitchTenantRequest: { tenant_id: string };
    InvitationLookup: { tenant_name: string; email: string; role: string; user_exists: boolean };
    AcceptInvitationRequest: { token: string; name?: string | null; password: string };
    Member: {
      id: string;
      email: string;
      name: string;
      role: string;
      custom_role_id: string | null;
      status: 'active' | 'suspended';
      email_verified: boolean;
      joined_at: string;
    };
    UpdateMemberRequest: {
      role?: string | null;
      custom_role_id?: string | null;
      status?: 'active' | 'suspended' | null;
    };
    Invitation: {
      id: string;
      email: string;
      role: string;
      custom_role_id: string | null;
      status: 'pending' | 'accepted' | 'revoked' | 'expired';
      expires_at: string;
      created_at: string;
    };
    CreateInvitationRequest: { email: string; role: string; custom_role_id?: string | null };
    Permission: { name: string; description: string; group: string };
    BuiltinRole: { name: string; description: string; permissions: string[] };
    CustomRole: { id: string; name: string; permissions: string[]; created_at: string };
    Roles: { builtin: S['BuiltinRole'][]; custom: S['CustomRole'][] };
    CreateRoleRequest: { name: string; permissions: string[] };
    UpdateRoleRequest: { name?: string | null; permissions?: string[] | null };
    ApiKey: {
      id: string;
      name: string;
      prefix: string;
      scopes: string[];
      last_used_at: string | null;
      expires_at: string | null;
      revoked_at: string | null;
      created_at: string;
    };
    CreateApiKeyRequest: { name: string; scopes: string[]; expires_at?: string | null };
    CreatedApiKey: { api_key: S['ApiKey']; secret: string };
    Quotas: {
      agents: number;
      phone_numbers: number;
      concurrent_calls: number;
      included_minutes: number;
      knowledge_storage_mb: number;
      seats: number;
    };
    PlanRef: { id: string; code: string; name: string; quotas: S['Quotas'] };
    TenantDetail: {
      id: string;
      name: string;
      kind: S['TenantKind'];
      status: string;
      parent_id: string | null;
      plan: S['PlanRef'];
      usage: { seats: number; [key: string]: number };
      created_at: string;
    };
    UpdateTenantRequest: { name: string };
    Branding: {
      app_name: string | null;
      logo_url: string | null;
      primary_color: string | null;
      support_email: string | null;
    };
    Domain: {
      id: string;
      domain: string;
      verified: boolean;
      verification_token: string;
      created_at: string;
    };
    CreateDomainRequest: { domain: string };
    Tenant: {
      id: string;
      name: string;
      kind: S['TenantKind'];
      status: string;
      parent_id: string | null;
      plan_code: string;
      created_at: string;
    };
    CreateTenantRequest: {
      name: string;
      kind: 'agency' | 'customer';
      parent_id?: string | null;
      plan_code: string;
    };
    AdminUpdateTenantRequest: { name?: string | null; plan_code?: string | null };
    Plan: { id: string; code: string; name: string; quotas: S['Quotas'] };
    CreatePlanRequest: { code: string; name: string; quotas: S['Quotas'] };
    UpdatePlanRequest: { name?: string | null; quotas?: S['Quotas'] | null };
    AuditEntry: {
      id: string;
      tenant_id: string | null;
      actor_type: 'user' | 'api_key' | 'system';
      actor_id: string | null;
      actor_label: string | null;
      action: string;
      resource_type: string;
      resource_id: string | null;
      ip: string | null;
      user_agent: string | null;
      details: unknown;
      created_at: string;
    };
    OutboxEmail: {
      id: string;
      to: string;
      subject: string;
      kind: string;
      status: string;
      created_at: string;
    };
    OutboxEmailDetail: S['OutboxEmail'] & { body_text: string; body_html: string | null };
  };
}

type PageOf<T> = { items: T[]; next_cursor: string | null };
type AuditQuery = PageQuery & {
  action?: string;
  resource_type?: string;
  actor?: string;
  from?: string;
  to?: string;
};

export interface paths {
  '/api/v1/branding': { get: OpNoBody<NoParams, { 200: Json<S['PublicBranding']> }> };
  '/api/v1/setup': {
    get: OpNoBody<NoParams, { 200: Json<S['SetupStatus']> }>;
    post: OpBody<NoParams, S['SetupRequest'], { 201: Json<unknown> }>;
  };
  '/api/v1/auth/register': {
    post: OpBody<NoParams, S['RegisterRequest'], { 201: Json<S['RegisterResponse']> }>;
  };
  '/api/v1/auth/verify-email': {
    post: OpBody<NoParams, S['TokenRequest'], { 200: Json<S['EmailResponse']> }>;
  };
  '/api/v1/auth/resend-verification': {
    post: OpBody<NoParams, S['EmailRequest'], { 202: NoContent }>;
  };
  '/api/v1/auth/login': { post: OpBody<NoParams, S['LoginRequest'], { 200: Json<S['Me']> }> };
  '/api/v1/auth/logout': { post: OpNoBody<NoParams, { 204: NoContent }> };
  '/api/v1/auth/logout-all': { post: OpNoBody<NoParams, { 204: NoContent }> };
  '/api/v1/auth/forgot-password': {
    post: OpBody<NoParams, S['EmailRequest'], { 202: NoContent }>;
  };
  '/api/v1/auth/reset-password': {
    post: OpBody<NoParams, S['ResetPasswordRequest'], { 204: NoContent }>;
  };
  '/api/v1/auth/change-password': {
    post: OpBody<NoParams, S['ChangePasswordRequest'], { 204: NoContent }>;
  };
  '/api/v1/invitations/lookup': {
    get: OpNoBody<P<{ token: string }>, { 200: Json<S['InvitationLookup']> }>;
  };
  '/api/v1/invitations/accept': {
    post: OpBody<NoParams, S['AcceptInvitationRequest'], { 200: Json<S['Me']> }>;
  };
  '/api/v1/me': { get: OpNoBody<NoParams, { 200: Json<S['Me']> }> };
  '/api/v1/me/tenants': {
    get: OpNoBody<P<PageQuery & { q?: string }>, { 200: Json<PageOf<S['TenantSummary']>> }>;
  };
  '/api/v1/me/tenant': {
    post: OpBody<NoParams, S['SwitchTenantRequest'], { 200: Json<S['Me']> }>;
  };
  '/api/v1/users': { get: OpNoBody<P<PageQuery>, { 200: Json<PageOf<S['Member']>> }> };
  '/api/v1/users/{id}': {
    patch: OpBody<P<never, IdPath>, S['UpdateMemberRequest'], { 200: Json<S['Member']> }>;
    delete: OpNoBody<P<never, IdPath>, { 204: NoContent }>;
  };
  '/api/v1/invitations': {
    get: OpNoBody<P<PageQuery>, { 200: Json<PageOf<S['Invitation']>> }>;
    post: OpBody<NoParams, S['CreateInvitationRequest'], { 201: Json<S['Invitation']> }>;
  };
  '/api/v1/invitations/{id}': { delete: OpNoBody<P<never, IdPath>, { 204: NoContent }> };
  '/api/v1/permissions': { get: OpNoBody<NoParams, { 200: Json<S['Permission'][]> }> };
  '/api/v1/roles': {
    get: OpNoBody<NoParams, { 200: Json<S['Roles']> }>;
    post: OpBody<NoParams, S['CreateRoleRequest'], { 201: Json<S['CustomRole']> }>;
  };
  '/api/v1/roles/{id}': {
    patch: OpBody<P<never, IdPath>, S['UpdateRoleRequest'], { 200: Json<S['CustomRole']> }>;
    delete: OpNoBody<P<never, IdPath>, { 204: NoContent }>;
  };
  '/api/v1/api-keys': {
    get: OpNoBody<P<PageQuery>, { 200: Json<PageOf<S['ApiKey']>> }>;
    post: OpBody<NoParams, S['CreateApiKeyRequest'], { 201: Json<S['CreatedApiKey']> }>;
  };
  '/api/v1/api-keys/{id}': { delete: OpNoBody<P<never, IdPath>, { 204: NoContent }> };
  '/api/v1/tenant': {
    get: OpNoBody<NoParams, { 200: Json<S['TenantDetail']> }>;
    patch: OpBody<NoParams, S['UpdateTenantRequest'], { 200: Json<S['TenantDetail']> }>;
  };
  '/api/v1/tenant/branding': {
    get: OpNoBody<NoParams, { 200: Json<S['Branding']> }>;
    put: OpBody<NoParams, S['Branding'], { 200: Json<S['Branding']> }>;
  };
  '/api/v1/tenant/domains': {
    get: OpNoBody<P<PageQuery>, { 200: Json<PageOf<S['Domain']>> }>;
    post: OpBody<NoParams, S['CreateDomainRequest'], { 201: Json<S['Domain']> }>;
  };
  '/api/v1/tenant/domains/{id}': { delete: OpNoBody<P<never, IdPath>, { 204: NoContent }> };
  '/api/v1/tenants': {
    get: OpNoBody<
      P<PageQuery & { q?: string; kind?: string; status?: string }>,
      { 200: Json<PageOf<S['Tenant']>> }
    >;
    post: OpBody<NoParams, S['CreateTenantRequest'], { 201: Json<S['Tenant']> }>;
  };
  '/api/v1/tenants/{id}': {
    get: OpNoBody<P<never, IdPath>, { 200: Json<S['Tenant']> }>;
    patch: OpBody<P<never, IdPath>, S['AdminUpdateTenantRequest'], { 200: Json<S['Tenant']> }>;
    delete: OpNoBody<P<never, IdPath>, { 204: NoContent }>;
  };
  '/api/v1/tenants/{id}/suspend': {
    post: OpNoBody<P<never, IdPath>, { 200: Json<S['Tenant']> }>;
  };
  '/api/v1/tenants/{id}/reactivate': {
    post: OpNoBody<P<never, IdPath>, { 200: Json<S['Tenant']> }>;
  };
  '/api/v1/plans': {
    get: OpNoBody<NoParams, { 200: Json<S['Plan'][]> }>;
    post: OpBody<NoParams, S['CreatePlanRequest'], { 201: Json<S['Plan']> }>;
  };
  '/api/v1/plans/{id}': {
    patch: OpBody<P<never, IdPath>, S['UpdatePlanRequest'], { 200: Json<S['Plan']> }>;
  };
  '/api/v1/audit-log': {
    get: OpNoBody<P<AuditQuery>, { 200: Json<PageOf<S['AuditEntry']>> }>;
  };
  '/api/v1/admin/audit-log': {
    get: OpNoBody<P<AuditQuery & { tenant_id?: string }>, { 200: Json<PageOf<S['AuditEntry']>> }>;
  };
  '/api/v1/admin/outbox': {
    get: OpNoBody<P<PageQuery>, { 200: Json<PageOf<S['OutboxEmail']>> }>;
  };
  '/api/v1/admin/outbox/{id}': {
    get: OpNoBody<P<never, IdPath>, { 200: Json<S['OutboxEmailDetail']> }>;
  };
}

// ---------------------------------------------------------------------------------------------
// DERIVED (keep when switching to the generated schema)
// ---------------------------------------------------------------------------------------------

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Responses<Pth extends keyof paths, M extends keyof paths[Pth]> = paths[Pth][M] extends {
  responses: infer R;
}
  ? R
  : never;

/** The JSON body of the success (200 or 201) response of an operation. */
export type ResponseOf<Pth extends keyof paths, M extends keyof paths[Pth]> =
  200 extends keyof Responses<Pth, M>
    ? JsonOf<Responses<Pth, M>[200]>
    : 201 extends keyof Responses<Pth, M>
      ? JsonOf<Responses<Pth, M>[201]>
      : never;

/** The JSON request body of an operation. */
export type BodyOf<Pth extends keyof paths, M extends keyof paths[Pth]> = paths[Pth][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

type ItemOf<T> = T extends { items: (infer I)[] } ? I : never;

export type PublicBranding = ResponseOf<'/api/v1/branding', 'get'>;
export type Me = ResponseOf<'/api/v1/me', 'get'>;
export type TenantKind = Me['tenant']['kind'];
export type TenantSummary = ItemOf<ResponseOf<'/api/v1/me/tenants', 'get'>>;
export type InvitationLookup = ResponseOf<'/api/v1/invitations/lookup', 'get'>;
export type Member = ItemOf<ResponseOf<'/api/v1/users', 'get'>>;
export type Invitation = ItemOf<ResponseOf<'/api/v1/invitations', 'get'>>;
export type Permission = ResponseOf<'/api/v1/permissions', 'get'>[number];
export type Roles = ResponseOf<'/api/v1/roles', 'get'>;
export type BuiltinRole = Roles['builtin'][number];
export type CustomRole = Roles['custom'][number];
export type ApiKey = ItemOf<ResponseOf<'/api/v1/api-keys', 'get'>>;
export type CreatedApiKey = ResponseOf<'/api/v1/api-keys', 'post'>;
export type TenantDetail = ResponseOf<'/api/v1/tenant', 'get'>;
export type Branding = ResponseOf<'/api/v1/tenant/branding', 'get'>;
export type Domain = ItemOf<ResponseOf<'/api/v1/tenant/domains', 'get'>>;
export type Tenant = ItemOf<ResponseOf<'/api/v1/tenants', 'get'>>;
export type Plan = ResponseOf<'/api/v1/plans', 'get'>[number];
export type Quotas = Plan['quotas'];
export type AuditEntry = ItemOf<ResponseOf<'/api/v1/audit-log', 'get'>>;
export type OutboxEmail = ItemOf<ResponseOf<'/api/v1/admin/outbox', 'get'>>;
export type OutboxEmailDetail = ResponseOf<'/api/v1/admin/outbox/{id}', 'get'>;

export type CreateTenantBody = BodyOf<'/api/v1/tenants', 'post'>;
export type CreatePlanBody = BodyOf<'/api/v1/plans', 'post'>;
export type UpdatePlanBody = BodyOf<'/api/v1/plans/{id}', 'patch'>;
export type UpdateMemberBody = BodyOf<'/api/v1/users/{id}', 'patch'>;

/** A keyset-paginated list answer. */
export type Page<T> = { items: T[]; next_cursor?: string | null };
