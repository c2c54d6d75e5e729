import { ApiError } from '../api/client';

/** Shows an error where it happened: message, code and every field-level detail. */
export function ErrorView({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : undefined;
  return (
    <div className="error" role="alert">
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
              {detail.path && <code>{detail.path}</code>} {detail.message}
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
        <div key={index}>{detail.message}</div>
      ))}
    </div>
  );
}
