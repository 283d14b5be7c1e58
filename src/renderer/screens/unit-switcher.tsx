import { useRef, useState } from 'preact/hooks';
import type { Language, UnitView } from '../../shared/ipc/settings-schema.ts';
import { UI_TEXT } from '../i18n.ts';

interface Props {
  units: readonly UnitView[];
  current: string | undefined;
  language: Language;
  /** resolves with the command's result: `ok` once the new tokens carry the unit */
  onSwitch: (organization: string | null) => Promise<{ readonly ok: boolean }>;
}

/** Choose the child organization the tokens carry; main fetches new tokens without a new login. */
export function UnitSwitcher({ units, current, language, onSwitch }: Props) {
  const t = UI_TEXT[language];
  const [chosen, setChosen] = useState(current ?? '');
  const [busy, setBusy] = useState(false);
  const status = useRef<HTMLParagraphElement>(null);
  const unchanged = chosen === (current ?? '');
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy || unchanged) return;
    setBusy(true);
    try {
      const result = await onSwitch(chosen === '' ? null : chosen);
      // the new unit is the news: focus (and the screen reader) land on the line that says it; on
      // failure the error banner speaks, focus stays on the button, and the list shows the unit the
      // person still has (not the one HelseID refused)
      if (result.ok) status.current?.focus();
      else setChosen(current ?? '');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="unit-switcher" onSubmit={submit} data-testid="unit-switcher">
      <label for="unit-select">{t.unit}</label>
      {/* never `disabled` while busy: a disabled control drops keyboard focus to the page */}
      <select
        id="unit-select"
        value={chosen}
        onChange={(e) => !busy && setChosen((e.target as HTMLSelectElement).value)}
        aria-disabled={busy || undefined}
      >
        <option value="">{t.unitNone}</option>
        {units.map((unit) => (
          <option key={unit.number} value={unit.number}>
            {unit.name === unit.number ? unit.number : `${unit.name} (${unit.number})`}
          </option>
        ))}
      </select>
      <button type="submit" aria-disabled={busy || unchanged || undefined}>
        {busy ? t.switchingUnit : t.switchUnit}
      </button>
      <p class="muted" role="status" data-testid="current-unit" tabIndex={-1} ref={status}>
        {t.unit}: {units.find((u) => u.number === current)?.name ?? t.unitNone}
      </p>
    </form>
  );
}
