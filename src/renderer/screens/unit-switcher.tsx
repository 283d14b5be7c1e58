import { useState } from 'preact/hooks';
import type { Language, UnitView } from '../../shared/ipc/settings-schema.ts';
import { UI_TEXT } from '../i18n.ts';

interface Props {
  units: readonly UnitView[];
  current: string | undefined;
  language: Language;
  onSwitch: (organization: string | null) => Promise<unknown>;
}

/** Choose the child organization the tokens carry; main fetches new tokens without a new login. */
export function UnitSwitcher({ units, current, language, onSwitch }: Props) {
  const t = UI_TEXT[language];
  const [chosen, setChosen] = useState(current ?? '');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await onSwitch(chosen === '' ? null : chosen);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="unit-switcher" onSubmit={submit} data-testid="unit-switcher">
      <label for="unit-select">{t.unit}</label>
      <select id="unit-select" value={chosen} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)} disabled={busy}>
        <option value="">{t.unitNone}</option>
        {units.map((unit) => <option key={unit.number} value={unit.number}>{unit.name} ({unit.number})</option>)}
      </select>
      <button type="submit" disabled={busy || chosen === (current ?? '')}>{busy ? t.switchingUnit : t.switchUnit}</button>
      <p class="muted" role="status" data-testid="current-unit">
        {t.unit}: {units.find((u) => u.number === current)?.name ?? t.unitNone}
      </p>
    </form>
  );
}
