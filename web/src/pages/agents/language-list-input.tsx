import * as React from 'react';
import { Plus, X } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { AGENT_LIMITS, isLanguageTag } from '@/lib/agent-schema';

/** Tags offered as suggestions (any valid BCP 47 tag of the accepted shapes can be typed). */
export const COMMON_LANGUAGES = [
  'en-US', 'en-GB', 'de-DE', 'de-AT', 'de-CH', 'fr-FR', 'es-ES', 'es-419', 'it-IT', 'nl-NL', 'pt-BR', 'pt-PT', 'pl-PL', 'sv-SE', 'tr-TR', 'ja-JP', 'zh-Hans-CN',
];

export function LanguageDatalist({ id }: { id: string }) {
  return (
    <datalist id={id}>
      {COMMON_LANGUAGES.map((l) => (
        <option key={l} value={l} />
      ))}
    </datalist>
  );
}

interface Props {
  id: string;
  value: string[];
  onChange: (value: string[]) => void;
  disabled?: boolean;
  invalid?: boolean;
}

/** A list of language tags: type one and press Enter (or Add); each can be removed. */
export function LanguageListInput({ id, value, onChange, disabled, invalid }: Props) {
  const [draft, setDraft] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);

  const add = () => {
    const tag = draft.trim();
    if (!tag) return;
    if (!isLanguageTag(tag)) {
      setError('Use a language tag such as en-US, de-AT or es-419');
      return;
    }
    if (value.includes(tag)) {
      setError(`${tag} is already in the list`);
      return;
    }
    if (value.length >= AGENT_LIMITS.allowedLanguages) {
      setError(`At most ${AGENT_LIMITS.allowedLanguages} languages`);
      return;
    }
    onChange([...value, tag]);
    setDraft('');
    setError(null);
  };

  return (
    <div className="grid gap-2" data-testid="allowed-languages">
      {value.length > 0 && (
        <div className="flex flex-wrap gap-1.5">
          {value.map((tag) => (
            <Badge key={tag} variant="secondary" className="gap-1 py-1 pr-1 font-mono font-normal" data-testid="allowed-language">
              {tag}
              <button
                type="button"
                className="cursor-pointer rounded-sm p-0.5 opacity-60 hover:bg-background/60 hover:opacity-100 disabled:cursor-not-allowed"
                aria-label={`Remove ${tag}`}
                disabled={disabled}
                onClick={() => onChange(value.filter((t) => t !== tag))}
              >
                <X className="size-3" />
              </button>
            </Badge>
          ))}
        </div>
      )}
      <div className="flex gap-2">
        <Input
          id={id}
          value={draft}
          list={`${id}-options`}
          placeholder="Add a language, e.g. de-AT"
          className="font-mono"
          aria-invalid={invalid || !!error}
          disabled={disabled}
          onChange={(e) => {
            setDraft(e.target.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <LanguageDatalist id={`${id}-options`} />
        <Button type="button" variant="outline" onClick={add} disabled={disabled || !draft.trim()} data-testid="add-language">
          <Plus /> Add
        </Button>
      </div>
      {error && <p className="text-xs text-destructive">{error}</p>}
    </div>
  );
}
