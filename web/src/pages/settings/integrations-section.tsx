import { ElevenLabsCard } from './elevenlabs-card';
import { TwilioCard } from './twilio-card';
import { CallerDefaultsCard } from './caller-defaults-card';

/**
 * Settings > Integrations: the ElevenLabs and Twilio connections (settings:*) and caller defaults
 * (contacts:*).
 */
export function IntegrationsSection({
  settings,
  contacts,
}: {
  settings: { read: boolean; write: boolean };
  contacts: { read: boolean; write: boolean };
}) {
  return (
    <div className="grid gap-6" data-testid="integrations-section">
      {settings.read && <ElevenLabsCard canWrite={settings.write} />}
      {settings.read && <TwilioCard canWrite={settings.write} />}
      {contacts.read && <CallerDefaultsCard canWrite={contacts.write} />}
    </div>
  );
}
