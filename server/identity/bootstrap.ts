import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { ConflictError } from '../http/errors';
import type { Logger } from '../logger';
import type { Role } from './principal';
import type { ApiKeyService } from './api-key.service';
import type { UserService } from './user.service';

export class StartupRefusedError extends Error {
  override name = 'StartupRefusedError';
}

const DEMO_USERS: { username: string; displayName: string; roles: Role[]; orgUnit: string }[] = [
  { username: 'admin', displayName: 'Demo administrator', roles: ['admin'], orgUnit: 'HQ' },
  { username: 'owner', displayName: 'Demo policy owner 策略负责人', roles: ['policy-owner'], orgUnit: 'HQ' },
  { username: 'approver', displayName: 'Demo approver 审批人', roles: ['approver'], orgUnit: 'HQ' },
  // Only when the demo org tree exists (SEED_DEMO): a branch user for delegated authority.
  { username: 'shanghai', displayName: 'Demo Shanghai branch policy owner 上海分公司策略负责人', roles: ['policy-owner', 'branch-operator'], orgUnit: 'BR-SH' },
];

/**
 * ADMIN_API_KEY, when set, always works as an admin key. Otherwise a first start outside
 * production creates demo users, keeps their passwords in an owner-only file in the data
 * directory and shows them once on a terminal (never in output that is not one: logs). Production refuses to run
 * with demo users active or with no way to administer the platform.
 */
export async function ensureBootstrapCredentials(
  config: Config,
  services: { users: UserService; apiKeys: ApiKeyService; countUsers: () => Promise<number>; activeDemoUsers: () => Promise<string[]> },
  logger: Logger,
  print: (text: string) => void = (text) => process.stdout.write(text),
  /** Whether `print` reaches a person's terminal; a pipe or a file (a log) never gets the passwords. */
  terminal: boolean = process.stdout.isTTY === true,
): Promise<void> {
  if (config.adminApiKey) await services.apiKeys.ensureBootstrapKey(config.adminApiKey);

  if (config.nodeEnv === 'production') {
    const demoUsers = await services.activeDemoUsers();
    if (demoUsers.length > 0) {
      throw new StartupRefusedError(
        `Refusing to start in production while demo users are active (${demoUsers.join(', ')}). Deactivate them (PATCH /api/v1/users/:username with active=false) from a non-production run, or use a fresh database.`,
      );
    }
    if (!config.adminApiKey && (await services.countUsers()) === 0) {
      throw new StartupRefusedError('Refusing to start in production without ADMIN_API_KEY on an empty database: there would be no way to administer it.');
    }
    return;
  }

  if (config.adminApiKey || (await services.countUsers()) > 0) return;
  const lines: string[] = [];
  const created: string[] = [];
  for (const demo of DEMO_USERS) {
    const password = randomBytes(12).toString('base64url');
    try {
      await services.users.create({ ...demo, password }, { name: 'bootstrap', orgUnit: 'HQ' }, { demo: true });
    } catch (error) {
      // Another process starting on the same empty database created this user first.
      if (error instanceof ConflictError) continue;
      // No demo org tree (SEED_DEMO=false): no branch user.
      if ((error as { code?: string }).code === 'unknown_org_unit') continue;
      throw error;
    }
    lines.push(`  ${demo.username.padEnd(9)} ${password}   (${demo.roles.join(', ')}; ${demo.orgUnit})`);
    created.push(demo.username);
  }
  if (lines.length === 0) return;
  const credentialsFile = path.join(config.dataDirectory, 'demo-credentials.txt');
  fs.mkdirSync(config.dataDirectory, { recursive: true });
  fs.writeFileSync(credentialsFile, `Demo users created ${new Date().toISOString()}\n${lines.join('\n')}\n`, { mode: 0o600 });
  fs.chmodSync(credentialsFile, 0o600); // a file left from an earlier start keeps its mode otherwise
  // Passwords go to a terminal only: standard output redirected to a file or a log collector gets the file's name instead.
  print(
    terminal
      ? `\n================ demo credentials (shown once) ================\n${lines.join('\n')}\n` +
          `A copy is in ${credentialsFile} (readable by you only). Production refuses to start while these users are active.\n` +
          `================================================================\n\n`
      : `demo users ${created.join(', ')} created; their passwords are in ${credentialsFile} (readable by you only)\n`,
  );
  logger.info({ users: lines.length }, 'created demo users');
}
