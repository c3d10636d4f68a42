import { randomBytes } from 'node:crypto';
import { isMentionKeyword } from '../domain/confusables.js';
import { DomainError } from '../domain/errors.js';
import { checkNickname, nicknameKey } from '../domain/nickname.js';
import { hashPassword } from '../domain/passwords.js';
import { DEFAULT_ROOM_ID } from '../protocol/message.js';
import { SERVER_ROLES, type ServerRole } from '../protocol/roles.js';
import { insertAudit, listAudit } from '../storage/audit.js';
import { findUserByNicknameKey, insertUser, listUsers, type UserRow } from '../storage/users.js';
import type { Args } from './args.js';
import { type AdminContext, CliError } from './context.js';

const PASSWORD_MIN_LENGTH = 8;

/** A one-time password printed once: 96 random bits, easy to copy. */
const oneTimePassword = () => randomBytes(12).toString('base64url');

async function readPassword(args: Args): Promise<{ password: string; generated: boolean }> {
  if (!args.flags.has('password-stdin')) return { password: oneTimePassword(), generated: true };
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if ([...password].length < PASSWORD_MIN_LENGTH) throw new CliError(`the password must be at least ${PASSWORD_MIN_LENGTH} characters`);
  return { password, generated: false };
}

async function userNamed(ctx: AdminContext, nickname: string | undefined): Promise<UserRow> {
  if (!nickname) throw new CliError('name the account: a nickname', 2);
  const user = await findUserByNicknameKey(ctx.db, nicknameKey(nickname.trim()));
  if (!user) throw new CliError(`no account named ${nickname}`);
  return user;
}

/** Domain refusals become the operator's error (exit 1); anything else is a failure with a stack. */
async function refusing<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(error.message);
    throw error;
  }
}

export async function createAdmin(ctx: AdminContext, args: Args): Promise<void> {
  const nickname = await refusing(async () => checkNickname(args.positional[0] ?? ''));
  // The CLI may name an account "admin" or "root" (the operator's choice); never a mention keyword.
  if (isMentionKeyword(nickname.display)) throw new CliError(`${nickname.display} is a mention keyword (@room, @here, @everyone)`);
  const { password, generated } = await readPassword(args);
  const user = await insertUser(
    ctx.db,
    {
      nickname: nickname.display,
      nicknameKey: nickname.key,
      skeleton: nickname.skeleton,
      passwordHash: await hashPassword(password),
      role: 'admin',
    },
    DEFAULT_ROOM_ID,
  );
  if (!user) throw new CliError(`an account named ${nickname.display} (or one that looks the same) exists already`);
  await insertAudit(ctx.db, { actorId: null, action: 'admin_created', targetUserId: user.id, newValue: 'admin' });
  ctx.out(`created admin ${user.nickname} (id ${user.id})`);
  if (generated) ctx.out(`one-time password: ${password}`);
}

export async function setRole(ctx: AdminContext, args: Args): Promise<void> {
  const user = await userNamed(ctx, args.positional[0]);
  const role = args.positional[1];
  if (role !== 'admin' && role !== 'member') throw new CliError('set-role NICK admin|member', 2);
  const updated = await refusing(() => ctx.admin.updateUser(null, { userId: user.id, action: 'set_role', role }, null));
  ctx.out(`${updated.nickname} is now ${updated.role}`);
}

export async function resetPassword(ctx: AdminContext, args: Args): Promise<void> {
  const user = await userNamed(ctx, args.positional[0]);
  const { password, generated } = await readPassword(args);
  await refusing(async () => ctx.admin.resetPassword(null, user.id, await hashPassword(password), null));
  ctx.out(`password of ${user.nickname} reset; every session of it ended`);
  if (generated) ctx.out(`one-time password: ${password}`);
}

export async function deactivate(ctx: AdminContext, args: Args): Promise<void> {
  const user = await userNamed(ctx, args.positional[0]);
  await refusing(() => ctx.admin.updateUser(null, { userId: user.id, action: 'deactivate' }, null));
  ctx.out(`${user.nickname} is deactivated; every session of it ended`);
}

export async function reactivate(ctx: AdminContext, args: Args): Promise<void> {
  const user = await userNamed(ctx, args.positional[0]);
  await refusing(() => ctx.admin.updateUser(null, { userId: user.id, action: 'reactivate' }, null));
  ctx.out(`${user.nickname} is active again (member)`);
}

export async function listUsersCommand(ctx: AdminContext, args: Args): Promise<void> {
  const role = args.options.get('role');
  if (role !== undefined && !(SERVER_ROLES as readonly string[]).includes(role))
    throw new CliError(`--role is one of ${SERVER_ROLES.join(', ')}`, 2);
  const search = args.options.get('search');
  let afterId = 0;
  for (;;) {
    const page = await listUsers(ctx.db, {
      role: role as ServerRole | undefined,
      search: search === undefined ? undefined : nicknameKey(search),
      afterId,
      limit: 500,
    });
    for (const user of page) ctx.out(`${user.id}\t${user.role}\t${user.nickname}\t${user.created_at.toISOString()}`);
    if (page.length < 500) return;
    afterId = (page.at(-1) as { id: number }).id;
  }
}

export async function auditCommand(ctx: AdminContext, args: Args): Promise<void> {
  const nickname = args.options.get('user');
  const user = nickname === undefined ? undefined : await userNamed(ctx, nickname);
  const sinceText = args.options.get('since');
  const since = sinceText === undefined ? undefined : new Date(sinceText);
  if (since && Number.isNaN(since.getTime())) throw new CliError('--since takes a date or time (2026-11-29, 2026-11-29T06:00:00Z)', 2);
  const roomText = args.options.get('room');
  const rows = await listAudit(ctx.db, {
    userId: user?.id,
    roomId: roomText === undefined ? undefined : Number(roomText),
    action: args.options.get('action'),
    since,
    limit: Number(args.options.get('limit') ?? 100),
  });
  for (const row of rows) {
    const target = [
      row.target_nickname ?? row.target_user_id,
      row.target_room_id && `room ${row.target_room_id}`,
      row.target_message_id && `message ${row.target_message_id}`,
    ];
    const change = row.old_value !== null || row.new_value !== null ? `${row.old_value ?? ''} -> ${row.new_value ?? ''}` : '';
    const fields = [
      row.at.toISOString(),
      row.actor_nickname ?? (row.actor_id === null ? 'cli' : row.actor_id),
      row.action,
      target.filter(Boolean).join(' '),
      change,
      row.address ?? '',
      row.count > 1 ? `x${row.count}` : '',
    ];
    ctx.out(fields.join('\t'));
  }
}
