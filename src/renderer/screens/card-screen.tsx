import { cardReason } from '../../shared/card-reason.ts';
import { errorText } from '../../shared/errors/error-texts.ts';
import { formatDate } from '../../shared/format-date.ts';
import type { Language } from '../../shared/ipc/settings-schema.ts';
import type { AppView, CardView } from '../../shared/ipc/view-schemas.ts';
import { useFocusOnMount } from '../focus.ts';
import { UI_TEXT } from '../i18n.ts';
import type { UiText } from '../i18n.ts';
import { issuerLabel, pinLabel } from '../labels.ts';

/** No reader, insert card, or the cards in the readers with a login button each. */
export function CardScreen({
  view,
  language,
  onLogin,
  onDismissNotice,
}: {
  view: AppView;
  language: Language;
  onLogin: (cardId: string) => void;
  onDismissNotice: () => void;
}) {
  const t = UI_TEXT[language];
  // after a session ended, focus lands on why; otherwise on the screen's heading
  const heading = useFocusOnMount<HTMLHeadingElement>(!view.notice);
  const notice = view.notice && <SessionNotice code={view.notice.code} t={t} onDismiss={onDismissNotice} />;
  if (view.phase === 'no-reader' || view.cards.length === 0) {
    const noReader = view.phase === 'no-reader';
    return (
      <>
        {notice}
        <section class="panel" data-screen={noReader ? 'no-reader' : 'insert-card'} aria-labelledby="screen-title">
          <h2 id="screen-title" tabIndex={-1} ref={heading}>
            {noReader ? t.noReader : t.insertCard}
          </h2>
          <p>{noReader ? t.noReaderHelp : t.insertCardHelp}</p>
        </section>
      </>
    );
  }
  const several = view.cards.length > 1;
  // a stable order the person can learn: by holder, then issuer (never by reader event order)
  const cards = [...view.cards].sort(
    (a, b) =>
      a.holderName.localeCompare(b.holderName, language) ||
      issuerLabel(a, language).localeCompare(issuerLabel(b, language), language) ||
      a.id.localeCompare(b.id),
  );
  return (
    <>
      {notice}
      <section class="panel" data-screen="card-present" aria-labelledby="screen-title">
        <h2 id="screen-title" tabIndex={-1} ref={heading}>
          {several ? t.chooseCard : t.cardFound}
        </h2>
        <ul class="cards">
          {cards.map((card) => (
            <CardItem key={card.id} card={card} t={t} language={language} onLogin={() => onLogin(card.id)} />
          ))}
        </ul>
      </section>
    </>
  );
}

/** Why the session ended (card pulled, logged out): said once, where focus lands, until closed or the next login. */
function SessionNotice({
  code,
  t,
  onDismiss,
}: {
  code: NonNullable<AppView['notice']>['code'];
  t: UiText;
  onDismiss: () => void;
}) {
  const ref = useFocusOnMount<HTMLDivElement>();
  const text = code === 'session-ended-card-removed' ? t.noticeCardRemoved : t.noticeLoggedOut;
  return (
    <div class="notice" role="status" data-testid="session-notice" data-notice={code} tabIndex={-1} ref={ref}>
      <p>
        <strong>{text}</strong>
      </p>
      <button type="button" onClick={onDismiss}>
        {t.dismiss}
      </button>
    </div>
  );
}

function CardItem({
  card,
  t,
  language,
  onLogin,
}: {
  card: CardView;
  t: UiText;
  language: Language;
  onLogin: () => void;
}) {
  // why this card cannot log in, and what to do — on the card itself, from the error table
  const reason = cardReason(card, language);
  const blocked = reason ? errorText(reason.code, language, reason.detail) : undefined;
  const warning = blocked
    ? undefined
    : card.pin === 'final-try'
      ? t.pinFinalTry
      : card.pin === 'count-low'
        ? t.pinFewLeft
        : undefined;
  const helpId = `card-help-${card.id.replace(/[^\w-]/g, '_')}`;
  const holderId = `card-holder-${card.id.replace(/[^\w-]/g, '_')}`;
  return (
    <li
      class={blocked ? 'card card-unusable' : 'card'}
      data-card-id={card.id}
      data-pin={card.pin}
      data-reason={reason?.code}
      aria-labelledby={holderId}
    >
      <p class="holder" id={holderId}>
        {card.holderName}
      </p>
      <dl>
        <dt>{t.issuer}</dt>
        <dd>{issuerLabel(card, language)}</dd>
        <dt>{t.validTo}</dt>
        <dd data-testid="card-valid-to">{formatDate(card.validTo) || '–'}</dd>
        {/* the PIN's state only matters on a card that can log in */}
        {!blocked && (
          <>
            <dt>{t.pinState}</dt>
            <dd data-testid="card-pin">{pinLabel(card, language)}</dd>
          </>
        )}
        <dt>{t.reader}</dt>
        <dd>{card.readerLabel}</dd>
      </dl>
      {blocked && (
        <div class="card-help" id={helpId} data-testid="card-reason">
          <p>
            <strong>{blocked.title}.</strong> {blocked.what}
          </p>
          <p>
            <strong>{t.whatToDo}:</strong> {blocked.todo}
          </p>
        </div>
      )}
      {warning && (
        <p class="card-warning" id={helpId}>
          {warning}
        </p>
      )}
      {/* a card that cannot log in offers no button to press; the reason above says what to do */}
      {!blocked && (
        // aria-label names the holder: with several cards, "Log in" alone would be ambiguous
        <button
          type="button"
          class="primary"
          aria-describedby={warning ? helpId : undefined}
          aria-label={`${t.logIn}: ${card.holderName}`}
          onClick={onLogin}
        >
          {t.logIn}
        </button>
      )}
    </li>
  );
}
