import { Alert, AlertDescription } from '@/components/ui/alert';
import { errorMessage } from '@/api/client';

/** The server's error message as an inline alert (nothing when there is no error). */
export function FormError({ error, className }: { error: unknown; className?: string }) {
  if (!error) return null;
  return (
    <Alert variant="destructive" className={className} data-testid="form-error">
      <AlertDescription>{errorMessage(error)}</AlertDescription>
    </Alert>
  );
}
