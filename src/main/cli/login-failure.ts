// What `login` says when HelseID's client cannot work, in the words `doctor` uses for IT: the key
// file named with what is wrong with it (missing, readable by others …) instead of "the app's key
// could not be read", and a client HelseID does not know as "HelseID refuses the client" instead of
// "HelseID answered with an error, try again" — trying again cannot help there. The window keeps
// its clinician's texts (src/main/auth/map-auth-error.ts); this is the command line's reading only.
import { AppError, isAppError } from '../../shared/errors/app-error.ts';
import { checkClientKey } from '../diagnostics/client-key-check.ts';

export async function explainLoginFailure(
  err: unknown,
  client: { readonly client_id: string; readonly private_jwk_path?: string } | undefined,
): Promise<unknown> {
  if (!isAppError(err) || client === undefined) return err;
  if (err.code === 'client-key-invalid' && client.private_jwk_path !== undefined) {
    const check = await checkClientKey(client.private_jwk_path);
    if (check.problem)
      return new AppError(check.problem, { cause: err, detail: { file: check.file, ...check.detail } });
  }
  if (err.code === 'client-not-accepted') {
    return new AppError('client-refused', { cause: err, detail: { ...err.detail, client: client.client_id } });
  }
  return err;
}
