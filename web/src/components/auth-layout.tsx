import * as React from 'react';
import { Link } from 'wouter';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Logo } from '@/components/logo';
import { ThemeToggle } from '@/components/theme-toggle';
import { useBranding } from '@/lib/branding';

export function AuthLayout({
  title,
  description,
  children,
  footer,
  testId,
}: {
  title: string;
  description?: React.ReactNode;
  children: React.ReactNode;
  footer?: React.ReactNode;
  testId?: string;
}) {
  const { supportEmail } = useBranding();
  return (
    <div className="relative flex min-h-screen flex-col items-center justify-center px-4 py-10">
      <div
        aria-hidden
        className="pointer-events-none absolute inset-0 -z-10 bg-[radial-gradient(60rem_30rem_at_50%_-10%,color-mix(in_oklab,var(--primary)_18%,transparent),transparent)]"
      />
      <div className="absolute right-4 top-4">
        <ThemeToggle />
      </div>
      <Logo className="mb-6" />
      <Card className="w-full max-w-md" data-testid={testId}>
        <CardHeader className="pb-2">
          <CardTitle className="text-xl">{title}</CardTitle>
          {description && <CardDescription>{description}</CardDescription>}
        </CardHeader>
        <CardContent className="pt-4">{children}</CardContent>
      </Card>
      {footer && <div className="mt-6 text-center text-sm text-muted-foreground">{footer}</div>}
      {supportEmail && (
        <p className="mt-4 text-xs text-muted-foreground">
          Need help? <a className="underline underline-offset-2" href={`mailto:${supportEmail}`}>{supportEmail}</a>
        </p>
      )}
    </div>
  );
}

export function TextLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <Link href={href} className="font-medium text-link underline-offset-4 hover:underline">
      {children}
    </Link>
  );
}
