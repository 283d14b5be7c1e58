import type { Language } from '../../shared/errors/error-texts.ts';
import type { AppView } from '../../shared/ipc/view-schemas.ts';
import { UI_TEXT } from '../i18n.ts';
import { cardStateLabel, issuerLabel, pinLabel } from '../labels.ts';

/** No reader, insert card, or the cards in the readers with a login button each. */
export function CardScreen({ view, language, onLogin }: { view: AppView; language: Language; onLogin: (cardId: string) => void }) {
  const t = UI_TEXT[language];
  if (view.phase === 'no-reader') {
    return (
      <section class="panel" data-screen="no-reader">
        <h2>{t.noReader}</h2>
        <p>{t.noReaderHelp}</p>
      </section>
    );
  }
  if (view.cards.length === 0) {
    return (
      <section class="panel" data-screen="insert-card">
        <h2>{t.insertCard}</h2>
        <p>{t.insertCardHelp}</p>
      </section>
    );
  }
  return (
    <section class="panel" data-screen="card-present">
      <h2>{t.cardFound}</h2>
      <ul class="cards">
        {view.cards.map((card) => {
          const usable = card.state === 'ok' && card.pin !== 'locked' && card.pin !== 'pin-pad-unsupported';
          return (
            <li key={card.id} class="card" data-card-id={card.id}>
              <p class="holder">{card.holderName}</p>
              <dl>
                <dt>{t.issuer}</dt>
                <dd>{issuerLabel(card, language)}</dd>
                <dt>{t.validTo}</dt>
                <dd>{card.validTo.slice(0, 10)} — {cardStateLabel(card, language)}</dd>
                <dt>{t.pinState}</dt>
                <dd>{pinLabel(card, language)}</dd>
              </dl>
              <button type="button" class="primary" disabled={!usable} onClick={() => onLogin(card.id)}>
                {t.logIn}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
