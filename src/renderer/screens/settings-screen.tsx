import { useEffect, useState } from 'preact/hooks';
import type { HelseIdBridge } from '../../shared/ipc/contract.ts';
import type { Language, SettingsView } from '../../shared/ipc/settings-schema.ts';
import { useFocusOnMount } from '../focus.ts';
import { UI_TEXT } from '../i18n.ts';

/** What the machine-wide configuration says, read-only, with where it came from. */
export function SettingsScreen({ bridge, language }: { bridge: HelseIdBridge; language: Language }) {
  const t = UI_TEXT[language];
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [settings, setSettings] = useState<SettingsView | undefined>(undefined);
  useEffect(() => void bridge.getSettings().then((r) => r.ok && setSettings(r.value)), [bridge]);
  return (
    <section class="panel" data-screen="settings" aria-labelledby="screen-title">
      <h2 id="screen-title" tabIndex={-1} ref={heading}>
        {t.settings}
      </h2>
      <dl>
        <dt>{t.languageSetting}</dt>
        <dd data-testid="settings-language">{language === 'nb' ? 'Norsk (bokmål)' : 'English'}</dd>
      </dl>
      <h3>{t.machineConfig}</h3>
      <p class="muted">{t.machineConfigHelp}</p>
      {settings && (
        <dl data-testid="machine-config">
          <dt>{t.configSource}</dt>
          <dd data-testid="config-source">
            {settings.source === 'embedded environment' ? t.embeddedSource : settings.source}
          </dd>
          <dt>{t.authority}</dt>
          <dd>
            {settings.authority} ({t.authorityKind[settings.authorityKind]})
          </dd>
          <dt>{t.clientId}</dt>
          <dd>{settings.clientId}</dd>
          <dt>{t.apis}</dt>
          <dd>
            <ul class="plain">
              {settings.apis.map((api) => (
                <li key={api.name}>
                  <strong>{api.name}</strong>: {api.resource} — {api.baseUrl}
                </li>
              ))}
            </ul>
          </dd>
          <dt>{t.parentOrganization}</dt>
          <dd>{settings.parentOrganization ?? t.none}</dd>
          <dt>{t.organizations}</dt>
          <dd>
            {settings.organizations.length === 0
              ? t.none
              : settings.organizations.map((o) => `${o.name} (${o.number})`).join(', ')}
          </dd>
          <dt>{t.cardRemoval}</dt>
          <dd data-testid="config-card-removal">
            {settings.cardRemoval === 'lock' ? t.cardRemovalLock : t.cardRemovalLogout}
          </dd>
          <dt>{t.pkcs11Modules}</dt>
          <dd>{settings.pkcs11Modules.length === 0 ? t.none : settings.pkcs11Modules.join(', ')}</dd>
          <dt>{t.loginTimeout}</dt>
          <dd>
            {settings.loginTimeoutSeconds} {t.seconds}
          </dd>
        </dl>
      )}
    </section>
  );
}
