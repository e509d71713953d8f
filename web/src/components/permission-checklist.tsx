import { Checkbox } from '@/components/ui/checkbox';
import type { Permission } from '@/api/types';
import { humanize } from '@/lib/utils';

/** Permissions grouped by their `group`, each with a checkbox. */
export function PermissionChecklist({
  permissions,
  value,
  onChange,
  idPrefix,
}: {
  permissions: Permission[];
  value: string[];
  onChange: (next: string[]) => void;
  idPrefix: string;
}) {
  const groups = new Map<string, Permission[]>();
  for (const p of permissions) {
    const g = p.group || p.name.split(':')[0];
    groups.set(g, [...(groups.get(g) ?? []), p]);
  }
  const toggle = (name: string, on: boolean) =>
    onChange(on ? [...new Set([...value, name])] : value.filter((v) => v !== name));
  const toggleGroup = (names: string[], on: boolean) =>
    onChange(on ? [...new Set([...value, ...names])] : value.filter((v) => !names.includes(v)));

  return (
    <div className="grid max-h-80 gap-3 overflow-y-auto rounded-lg border p-3 sm:grid-cols-2" data-testid="permission-checklist">
      {[...groups.entries()].map(([group, perms]) => {
        const names = perms.map((p) => p.name);
        const all = names.every((n) => value.includes(n));
        const some = !all && names.some((n) => value.includes(n));
        return (
          <fieldset key={group} className="space-y-2">
            <legend className="flex items-center gap-2 text-xs font-semibold uppercase tracking-wide text-muted-foreground">
              <Checkbox
                checked={all ? true : some ? 'indeterminate' : false}
                onCheckedChange={(c) => toggleGroup(names, c === true)}
                aria-label={`All ${group} permissions`}
              />
              {humanize(group)}
            </legend>
            {perms.map((p) => {
              const id = `${idPrefix}-${p.name}`;
              return (
                <label key={p.name} htmlFor={id} className="flex cursor-pointer items-start gap-2 text-sm">
                  <Checkbox
                    id={id}
                    checked={value.includes(p.name)}
                    onCheckedChange={(c) => toggle(p.name, c === true)}
                    className="mt-0.5"
                    data-testid={`perm-${p.name}`}
                  />
                  <span>
                    <span className="font-mono text-xs">{p.name}</span>
                    {p.description && <span className="block text-xs text-muted-foreground">{p.description}</span>}
                  </span>
                </label>
              );
            })}
          </fieldset>
        );
      })}
    </div>
  );
}
