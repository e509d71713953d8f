import * as React from 'react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { Route, Router, Switch } from 'wouter';
import { ThemeProvider } from '@/lib/theme';
import { BrandingProvider } from '@/lib/branding';
import { Toaster } from '@/components/ui/sonner';
import { createQueryClient } from '@/api/query-client';
import { AppShell } from '@/components/app-shell';
import { RequireAuth, RequirePermission } from '@/components/guards';
import { NotFound, Spinner } from '@/components/states';
import { PERM } from '@/lib/permissions';
import { LoginPage } from '@/pages/auth/login';
import { RegisterPage } from '@/pages/auth/register';
import { VerifyEmailPage } from '@/pages/auth/verify-email';
import { ForgotPasswordPage } from '@/pages/auth/forgot-password';
import { ResetPasswordPage } from '@/pages/auth/reset-password';
import { AcceptInvitationPage } from '@/pages/auth/accept-invitation';
import { SetupPage } from '@/pages/auth/setup';
import { DashboardPage } from '@/pages/dashboard';
import { TeamPage } from '@/pages/team/team-page';
import { ApiKeysPage } from '@/pages/api-keys';
import { SettingsPage } from '@/pages/settings/settings-page';
import { TenantsPage } from '@/pages/admin/tenants';
import { PlansPage } from '@/pages/admin/plans';
import { OutboxPage } from '@/pages/admin/outbox';
import { OutboxDetailPage } from '@/pages/admin/outbox-detail';
import { AgentsPage } from '@/pages/agents/agents-page';
import { AgentPage } from '@/pages/agents/agent-page';
import { CallsPage } from '@/pages/calls/calls-page';
import { CallPage } from '@/pages/calls/call-page';
import { LiveCallsPage } from '@/pages/calls/live-page';
import { NumbersPage } from '@/pages/numbers/numbers-page';
import { SimulatorPage } from '@/pages/simulator/simulator-page';
import { CALLS_READ } from '@/lib/calls';

// The audit page carries the charting library; load it on demand.
const AuditPage = React.lazy(() => import('@/pages/audit/audit-page').then((m) => ({ default: m.AuditPage })));
const BillingPage = React.lazy(() => import('@/pages/billing/billing-page').then((m) => ({ default: m.BillingPage })));

function AppRoutes() {
  return (
    <RequireAuth>
      {(me) => (
        <AppShell me={me}>
          <Switch>
            <Route path="/" component={DashboardPage} />
            <Route path="/agents">
              <RequirePermission requires={PERM.agentsRead}>
                <AgentsPage />
              </RequirePermission>
            </Route>
            <Route path="/agents/:id">
              {(params) => (
                <RequirePermission requires={PERM.agentsRead}>
                  <AgentPage key={params.id} id={params.id} />
                </RequirePermission>
              )}
            </Route>
            <Route path="/calls">
              <RequirePermission requires={CALLS_READ}>
                <CallsPage />
              </RequirePermission>
            </Route>
            <Route path="/calls/live">
              <RequirePermission requires={CALLS_READ}>
                <LiveCallsPage />
              </RequirePermission>
            </Route>
            <Route path="/calls/:id">
              {(params) => (
                <RequirePermission requires={CALLS_READ}>
                  <CallPage key={params.id} id={params.id} />
                </RequirePermission>
              )}
            </Route>
            <Route path="/numbers">
              <RequirePermission requires={PERM.numbersRead}>
                <NumbersPage />
              </RequirePermission>
            </Route>
            <Route path="/simulator">
              <RequirePermission requires={PERM.callsWrite}>
                <SimulatorPage />
              </RequirePermission>
            </Route>
            <Route path="/billing">
              <RequirePermission requires={PERM.billingRead}>
                <React.Suspense fallback={<Spinner />}>
                  <BillingPage />
                </React.Suspense>
              </RequirePermission>
            </Route>
            <Route path="/team">
              <RequirePermission requires={{ anyOf: [PERM.usersRead, PERM.invitationsRead, PERM.rolesRead] }}>
                <TeamPage />
              </RequirePermission>
            </Route>
            <Route path="/api-keys">
              <RequirePermission requires={PERM.apiKeysRead}>
                <ApiKeysPage />
              </RequirePermission>
            </Route>
            <Route path="/settings" component={SettingsPage} />
            <Route path="/audit">
              <RequirePermission requires={PERM.auditRead}>
                <React.Suspense fallback={<Spinner />}>
                  <AuditPage />
                </React.Suspense>
              </RequirePermission>
            </Route>
            <Route path="/admin/tenants">
              <RequirePermission requires={PERM.tenantsRead}>
                <TenantsPage />
              </RequirePermission>
            </Route>
            <Route path="/admin/plans">
              <RequirePermission requires={PERM.plansRead}>
                <PlansPage />
              </RequirePermission>
            </Route>
            <Route path="/admin/outbox">
              <RequirePermission requires={PERM.systemRead}>
                <OutboxPage />
              </RequirePermission>
            </Route>
            <Route path="/admin/outbox/:id">
              {(params) => (
                <RequirePermission requires={PERM.systemRead}>
                  <OutboxDetailPage id={params.id} />
                </RequirePermission>
              )}
            </Route>
            <Route component={NotFound} />
          </Switch>
        </AppShell>
      )}
    </RequireAuth>
  );
}

export function AppRouter() {
  return (
    <Switch>
      <Route path="/login" component={LoginPage} />
      <Route path="/register" component={RegisterPage} />
      <Route path="/verify-email" component={VerifyEmailPage} />
      <Route path="/forgot-password" component={ForgotPasswordPage} />
      <Route path="/reset-password" component={ResetPasswordPage} />
      <Route path="/accept-invitation" component={AcceptInvitationPage} />
      <Route path="/setup" component={SetupPage} />
      <Route component={AppRoutes} />
    </Switch>
  );
}

export function App({ queryClient }: { queryClient?: QueryClient }) {
  const [qc] = React.useState(() => queryClient ?? createQueryClient());
  return (
    <QueryClientProvider client={qc}>
      <ThemeProvider>
        <BrandingProvider>
          <Router>
            <AppRouter />
          </Router>
          <Toaster />
        </BrandingProvider>
      </ThemeProvider>
    </QueryClientProvider>
  );
}
