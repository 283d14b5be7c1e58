import { useEffect, useState } from 'preact/hooks';
import type { HelseIdBridge } from '../../shared/ipc/contract.ts';
import type { Language } from '../../shared/ipc/settings-schema.ts';
import { useFocusOnMount } from '../focus.ts';
import { UI_TEXT } from '../i18n.ts';

/** The diagnostics report for IT (no secrets by construction), with a button to copy it into a ticket. */
export function DiagnosticsScreen({ bridge, language }: { bridge: HelseIdBridge; language: Language }) {
  const t = UI_TEXT[language];
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [text, setText] = useState<string | undefined>(undefined);
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>(undefined);
  useEffect(() => {
    setText(undefined);
    void bridge.getDiagnostics().then((r) => setText(r.ok ? r.value.text : ''));
  }, [bridge, language]);
  const copy = async () => {
    // Main copies where it can (Electron: the window itself may not write the clipboard);
    // elsewhere, as in the preview, the browser's clipboard API does.
    const byMain = await bridge.copyDiagnostics();
    if (byMain.ok) return setCopied('yes');
    try {
      await navigator.clipboard.writeText(text ?? '');
      setCopied('yes');
    } catch {
      setCopied('failed'); // the person can still select the text by hand
    }
  };
  return (
    <section class="panel" data-screen="diagnostics" aria-labelledby="screen-title" aria-busy={text === undefined}>
      <h2 id="screen-title" tabIndex={-1} ref={heading}>
        {t.diagnostics}
      </h2>
      <p class="muted">{t.diagnosticsHelp}</p>
      {text === undefined ? (
        <p role="status">{t.diagnosticsLoading}</p>
      ) : (
        <>
          <div class="actions">
            <button type="button" class="primary" onClick={copy}>
              {t.copy}
            </button>
            <span role="status" data-testid="copy-status">
              {copied === 'yes' ? t.copied : copied === 'failed' ? t.copyFailed : ''}
            </span>
          </div>
          <pre class="report" data-testid="diagnostics-report" tabIndex={0} aria-label={t.diagnostics}>
            {text}
          </pre>
        </>
      )}
    </section>
  );
}
