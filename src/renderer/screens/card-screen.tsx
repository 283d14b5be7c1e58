import type { Language } from '../../shared/ipc/settings-schema.ts';
import type { AppView, CardView } from '../../shared/ipc/view-schemas.ts';
import { useFocusOnMount } from '../focus.ts';
import { UI_TEXT } from '../i18n.ts';
import type { UiText } from '../i18n.ts';
import { cardStateLabel, issuerLabel, pinLabel } from '../labels.ts';

/** No reader, insert card, or the cards in the readers with a login button each. */
export function CardScreen({ view, language, onLogin }: { view: AppView; language: Language; onLogin: (cardId: string) => void }) {
  const t = UI_TEXT[language];
  const heading = useFocusOnMount<HTMLHeadingElement>();
  if (view.phase === 'no-reader' || view.cards.length === 0) {
    const noReader = view.phase === 'no-reader';
    return (
      <section class="panel" data-screen={noReader ? 'no-reader' : 'insert-card'} aria-labelledby="screen-title">
        <h2 id="screen-title" tabIndex={-1} ref={heading}>{noReader ? t.noReader : t.insertCard}</h2>
        <p>{noReader ? t.noReaderHelp : t.insertCardHelp}</p>
      </section>
    );
  }
  const several = view.cards.length > 1;
  // usable cards first: the one the person is most likely to want is at the top
  const cards = [...view.cards].sort((a, b) => Number(!!whyNotUsable(a, t)) - Number(!!whyNotUsable(b, t)));
  return (
    <section class="panel" data-screen="card-present" aria-labelledby="screen-title">
      <h2 id="screen-title" tabIndex={-1} ref={heading}>{several ? t.chooseCard : t.cardFound}</h2>
      <ul class="cards">
        {cards.map((card) => <CardItem key={card.id} card={card} t={t} language={language} onLogin={() => onLogin(card.id)} />)}
      </ul>
    </section>
  );
}

function CardItem({ card, t, language, onLogin }: { card: CardView; t: UiText; language: Language; onLogin: () => void }) {
  const blocked = whyNotUsable(card, t);
  const help = blocked ?? (card.pin === 'final-try' ? t.pinFinalTry : card.pin === 'count-low' ? t.pinFewLeft : undefined);
  const helpId = `card-help-${card.id.replace(/[^\w-]/g, '_')}`;
  const holderId = `card-holder-${card.id.replace(/[^\w-]/g, '_')}`;
  return (
    <li class={blocked ? 'card card-unusable' : 'card'} data-card-id={card.id} data-pin={card.pin} aria-labelledby={holderId}>
      <p class="holder" id={holderId}>{card.holderName}</p>
      <dl>
        <dt>{t.issuer}</dt>
        <dd>{issuerLabel(card, language)}</dd>
        <dt>{t.validTo}</dt>
        <dd>{card.validTo.slice(0, 10)} — {cardStateLabel(card, language)}</dd>
        <dt>{t.pinState}</dt>
        <dd data-testid="card-pin">{pinLabel(card, language)}</dd>
        <dt>{t.reader}</dt>
        <dd>{card.readerLabel}</dd>
      </dl>
      {help && <p class="card-help" id={helpId}>{help}</p>}
      {/* aria-label names the holder: with several cards, "Log in" alone would be ambiguous */}
      <button type="button" class="primary" disabled={!!blocked} aria-describedby={help ? helpId : undefined} aria-label={`${t.logIn}: ${card.holderName}`} onClick={onLogin}>
        {t.logIn}
      </button>
    </li>
  );
}

/** Why this card cannot log in at all (undefined: it can). */
function whyNotUsable(card: CardView, t: UiText): string | undefined {
  if (card.pin === 'locked') return t.pinLockedHelp;
  if (card.pin === 'pin-pad-unsupported') return t.pinPadHelp;
  if (card.state !== 'ok' || card.issuerFamily === 'unknown') return t.cardNotUsableHelp;
  return undefined;
}
