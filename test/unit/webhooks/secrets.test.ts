import { generateSigningSecret, SecretBox, secretHint } from '../../../server/webhooks/webhook-secrets';

test('secrets are long, random and recognisable', () => {
  const a = generateSigningSecret();
  const b = generateSigningSecret();
  expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  expect(a).not.toBe(b);
  expect(secretHint(a)).toBe(`whsec_…${a.slice(-4)}`);
});

test('a sealed secret opens with the same key only, and never contains the secret', () => {
  const secret = generateSigningSecret();
  const box = new SecretBox('a key of at least thirty-two characters!!');
  const sealed = box.seal(secret);
  expect(sealed).not.toContain(secret.slice(6));
  expect(box.seal(secret)).not.toBe(sealed);
  expect(box.open(sealed)).toBe(secret);
  expect(() => new SecretBox('another key of thirty-two characters!!!').open(sealed)).toThrow();
});
