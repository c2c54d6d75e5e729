/** The signing secret, shown once after creation or rotation; it cannot be read again. */
export function SecretNotice({ secret, subscriptionId, onDismiss }: { secret: string; subscriptionId: string; onDismiss: () => void }) {
  return (
    <div className="notice" role="status" aria-label="signing secret">
      <strong>签名密钥 Signing secret for {subscriptionId}</strong> — 仅显示一次 shown once: store it with the receiver now.
      <div className="row">
        <code data-testid="webhook-secret">{secret}</code>
        <button type="button" className="secondary" onClick={() => void navigator.clipboard?.writeText(secret)}>
          复制 Copy
        </button>
        <button type="button" className="link" onClick={onDismiss}>
          我已保存 I have stored it
        </button>
      </div>
    </div>
  );
}
