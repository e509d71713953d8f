import { z } from 'zod';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters`);

export const emailSchema = z
  .string()
  .trim()
  .min(1, 'Email is required')
  .pipe(z.email('Enter a valid email address'));

const requiredText = (label: string, max = 200) =>
  z.string().trim().min(1, `${label} is required`).max(max, `${label} must be at most ${max} characters`);

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Password is required'),
});
export type LoginValues = z.infer<typeof loginSchema>;

export const registerSchema = z.object({
  company_name: requiredText('Company name'),
  name: requiredText('Your name'),
  email: emailSchema,
  password: passwordSchema,
});
export type RegisterValues = z.infer<typeof registerSchema>;

export const emailOnlySchema = z.object({ email: emailSchema });
export type EmailOnlyValues = z.infer<typeof emailOnlySchema>;

const matches = (a: string, b: string) => a === b;

export const resetPasswordSchema = z
  .object({ password: passwordSchema, confirm: z.string() })
  .refine((v) => matches(v.password, v.confirm), { message: 'Passwords do not match', path: ['confirm'] });
export type ResetPasswordValues = z.infer<typeof resetPasswordSchema>;

export const changePasswordSchema = z
  .object({
    current_password: z.string().min(1, 'Current password is required'),
    new_password: passwordSchema,
    confirm: z.string(),
  })
  .refine((v) => matches(v.new_password, v.confirm), { message: 'Passwords do not match', path: ['confirm'] });
export type ChangePasswordValues = z.infer<typeof changePasswordSchema>;

export const setupSchema = z.object({
  name: requiredText('Name'),
  email: emailSchema,
  password: passwordSchema,
});
export type SetupValues = z.infer<typeof setupSchema>;

/** Accepting an invitation: a new user picks a name and password; an existing user confirms theirs. */
export const acceptInvitationSchema = (userExists: boolean) =>
  z.object({
    name: userExists ? z.string() : requiredText('Name'),
    password: userExists ? z.string().min(1, 'Password is required') : passwordSchema,
  });
export type AcceptInvitationValues = { name: string; password: string };

export const inviteSchema = z.object({
  email: emailSchema,
  role: z.string().min(1, 'Choose a role'),
});
export type InviteValues = z.infer<typeof inviteSchema>;

export const roleSchema = z.object({
  name: requiredText('Role name', 64),
  permissions: z.array(z.string()).min(1, 'Choose at least one permission'),
});
export type RoleValues = z.infer<typeof roleSchema>;

export const apiKeySchema = z.object({
  name: requiredText('Name', 100),
  scopes: z.array(z.string()).min(1, 'Choose at least one scope'),
  expires_at: z
    .string()
    .optional()
    .refine((v) => !v || new Date(v).getTime() > Date.now(), 'Expiry must be in the future'),
});
export type ApiKeyValues = z.infer<typeof apiKeySchema>;

export const tenantNameSchema = z.object({ name: requiredText('Name') });
export type TenantNameValues = z.infer<typeof tenantNameSchema>;

export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

const optionalUrl = z
  .string()
  .trim()
  .refine((v) => v === '' || /^https?:\/\/\S+$/.test(v), 'Enter an http(s) URL');

export const brandingSchema = z.object({
  app_name: z.string().trim().max(100, 'At most 100 characters'),
  logo_url: optionalUrl,
  primary_color: z
    .string()
    .trim()
    .refine((v) => v === '' || HEX_COLOR.test(v), 'Use a hex colour like #4f46e5'),
  support_email: z
    .string()
    .trim()
    .refine((v) => v === '' || z.email().safeParse(v).success, 'Enter a valid email address'),
});
export type BrandingValues = z.infer<typeof brandingSchema>;

export const domainSchema = z.object({
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Enter a domain like app.example.com'),
});
export type DomainValues = z.infer<typeof domainSchema>;

export const createTenantSchema = z.object({
  name: requiredText('Name'),
  kind: z.enum(['agency', 'customer']),
  parent_id: z.string().optional(),
  plan_code: z.string().min(1, 'Choose a plan'),
});
export type CreateTenantValues = z.infer<typeof createTenantSchema>;

/** Plan quotas: a count, or -1 for unlimited. */
export const UNLIMITED = -1;
export const isUnlimited = (v: number | null | undefined) => v === null || v === undefined || v < 0;

const quota = z.coerce
  .number({ message: 'Enter a number' })
  .int('Whole numbers only')
  .min(UNLIMITED, 'Use -1 for unlimited, or 0 and up');

export const QUOTA_KEYS = [
  'agents',
  'phone_numbers',
  'concurrent_calls',
  'included_minutes',
  'knowledge_storage_mb',
  'seats',
] as const;

export const planSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{1,40}$/, 'Lowercase letters, digits, - and _ (2–41 characters)'),
  name: requiredText('Name', 100),
  quotas: z.object({
    agents: quota,
    phone_numbers: quota,
    concurrent_calls: quota,
    included_minutes: quota,
    knowledge_storage_mb: quota,
    seats: quota,
  }),
});
export type PlanFormInput = z.input<typeof planSchema>;
export type PlanValues = z.output<typeof planSchema>;

/** A manual credit correction (server: amount ≠ 0 and at most ±1,000,000; reason 1–500 characters). */
export const CREDIT_ADJUSTMENT_MAX = 1_000_000;
export const creditAdjustmentSchema = z.object({
  amount: z
    .number({ message: 'Enter a whole number of credits' })
    .int('Whole credits only')
    .refine((n) => n !== 0, 'Enter a positive amount to add or a negative one to remove')
    .refine((n) => Math.abs(n) <= CREDIT_ADJUSTMENT_MAX, `At most ${CREDIT_ADJUSTMENT_MAX.toLocaleString('en')} either way`),
  reason: z
    .string()
    .trim()
    .min(1, 'Give a reason; the tenant sees it in its ledger')
    .refine((v) => Array.from(v).length <= 500, 'At most 500 characters'),
});
export type CreditAdjustmentValues = z.infer<typeof creditAdjustmentSchema>;

/** An ElevenLabs API key (server: 8 to 256 characters once trimmed, no spaces). */
export const elevenLabsKeySchema = z.object({
  api_key: z
    .string()
    .trim()
    .min(1, 'Paste your ElevenLabs API key')
    .refine((v) => !/\s/.test(v), 'A key has no spaces')
    .refine((v) => v.length >= 8 && new TextEncoder().encode(v).length <= 256, 'A key is 8 to 256 characters'),
});
export type ElevenLabsKeyValues = z.infer<typeof elevenLabsKeySchema>;

/** A Twilio account, checked like the server does (crates/api/src/routes/integrations.rs). */
export const twilioCredentialsSchema = z.object({
  account_sid: z
    .string()
    .trim()
    .min(1, 'Paste your Account SID')
    .regex(/^AC[0-9a-fA-F]{32}$/, 'An Account SID is AC followed by 32 hexadecimal characters'),
  auth_token: z
    .string()
    .trim()
    .min(1, 'Paste your Auth Token')
    .regex(/^[A-Za-z0-9]{16,128}$/, 'An Auth Token is 16 to 128 letters and digits'),
});
export type TwilioCredentialsValues = z.infer<typeof twilioCredentialsSchema>;

/** A number to look up: E.164 (`+14155550123`), or national with a two-letter country. */
export const phoneLookupSchema = z.object({
  phone: z.string().trim().min(1, 'Enter a phone number').max(40, 'At most 40 characters'),
  region: z
    .string()
    .trim()
    .refine((v) => v === '' || /^[A-Za-z]{2}$/.test(v), 'A two-letter country code, e.g. US'),
});
export type PhoneLookupValues = z.infer<typeof phoneLookupSchema>;
