import { ApiError } from '../api/client';
import { detailText, errorTextZh } from '../error-messages';

/** Shows an error where it happened: the code's Chinese text beside the server's (English) message, the code and every field-level detail. */
export function ErrorView({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : undefined;
  return (
    <div className="error" role="alert">
      {apiError && <strong data-testid="error-zh">{errorTextZh(apiError.code, apiError.status)}</strong>}
      {apiError && ' · '}
      <strong>{apiError ? `${apiError.message}` : String((error as Error).message ?? error)}</strong>
      {apiError && (
        <span className="muted">
          {' '}
          ({apiError.status || 'network'} {apiError.code}
          {apiError.requestId ? `, request ${apiError.requestId}` : ''})
        </span>
      )}
      {apiError && apiError.details.length > 0 && (
        <ul className="details">
          {apiError.details.map((detail, index) => (
            <li key={index}>
              {detail.path && <code>{detail.path}</code>} {detailText(detail)}
            </li>
          ))}
        </ul>
      )}
      {onDismiss && (
        <button type="button" className="link" onClick={onDismiss}>
          关闭 Dismiss
        </button>
      )}
    </div>
  );
}

/** Field-level errors for one input: the details whose path ends at this field. */
export function FieldErrors({ error, path }: { error: unknown; path: string }) {
  if (!(error instanceof ApiError)) return null;
  const details = error.details.filter((detail) => detail.path === path || (detail.path ?? '').startsWith(`${path}/`));
  if (details.length === 0) return null;
  return (
    <div className="field-error" role="alert">
      {details.map((detail, index) => (
        <div key={index}>{detailText(detail)}</div>
      ))}
    </div>
  );
}
