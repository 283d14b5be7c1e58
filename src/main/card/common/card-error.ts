// Builds card errors with the retriable flag from the one text table, so the two never disagree.
import { AppError, type ErrorDetail } from '../../../shared/errors/app-error.ts';
import { CARD_ERROR_TEXTS, type CardErrorCode } from '../../../shared/errors/card-errors.ts';

export type CardError = AppError<CardErrorCode>;

export function cardError(
  code: CardErrorCode,
  options: { detail?: ErrorDetail; cause?: unknown; message?: string } = {},
): CardError {
  return new AppError(code, { ...options, retriable: CARD_ERROR_TEXTS[code].retriable });
}
