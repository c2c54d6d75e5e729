import { hashPassword, passwordProblems, verifyPassword } from '../../../server/identity/password';
import { hashSecret } from '../../../server/identity/tokens';

test('a password verifies against its scrypt hash and nothing else', async () => {
  const stored = await hashPassword('correct horse battery staple', 14);
  expect(stored).toMatch(/^scrypt\$14\$8\$1\$/);
  expect(stored).not.toContain('correct horse');
  await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
  await expect(verifyPassword('correct horse battery stapler', stored)).resolves.toBe(false);
  await expect(verifyPassword('anything', 'plain-text-not-a-hash')).resolves.toBe(false);
});

test('two hashes of one password differ (random salt)', async () => {
  expect(await hashPassword('same password here', 14)).not.toBe(await hashPassword('same password here', 14));
});

test('weak passwords are explained', () => {
  expect(passwordProblems('short')).toContain('must be at least 12 characters');
  expect(passwordProblems('aaaaaaaaaaaaaaaa')).toContain('must use at least 5 different characters');
  expect(passwordProblems('a reasonable passphrase')).toEqual([]);
});

test.each(['password1234', 'Password1234!', 'qwertyuiop123', '!!iloveyou2024', 'Football12345', 'trustno1trustno1'.slice(0, 8) + '#2024-06'])(
  'a common password, also with digits or symbols around it, is refused: %s',
  (password) => {
    expect(passwordProblems(password)).toContain('is one of the most common passwords (or one with digits or symbols added)');
  },
);

test('a password containing the user name is refused; a long unusual one is not', () => {
  expect(passwordProblems('Olivia-is-great-99', 'olivia')).toContain('must not contain the user name');
  expect(passwordProblems('correct horse battery staple', 'olivia')).toEqual([]);
  expect(passwordProblems('monkey wrench at dawn', 'olivia')).toEqual([]);
});

test('stored token hashes depend on the server secret', () => {
  expect(hashSecret('ppk_x', 'one')).not.toBe(hashSecret('ppk_x', 'two'));
  expect(hashSecret('ppk_x', 'one')).toBe(hashSecret('ppk_x', 'one'));
});
