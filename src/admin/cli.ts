import { auditCommand, createAdmin, deactivate, listUsersCommand, reactivate, resetPassword, setRole } from './accounts.js';
import { type Args, parseArgs } from './args.js';
import { backupCommand } from './backup.js';
import { type AdminContext, CliError, DataDirBusyError, openAdminContext } from './context.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { backupFromRunningServer } from './live-backup.js';
import { restoreCommand } from './restore.js';

type Command = (ctx: AdminContext, args: Args) => Promise<void>;
/** The same command when a running PGlite server holds DATA_DIR (the store cannot be opened here). */
type BesideServer = (dataDir: string, args: Args, out: (line: string) => void) => Promise<void>;

const COMMANDS: Record<string, { run: Command; usage: string; besideServer?: BesideServer }> = {
  'create-admin': { run: createAdmin, usage: 'create-admin NICK [--password-stdin]   a new admin account; prints a one-time password' },
  'set-role': { run: setRole, usage: 'set-role NICK admin|member' },
  'reset-password': {
    run: resetPassword,
    usage: 'reset-password NICK [--password-stdin]   ends every session; prints a one-time password',
  },
  deactivate: { run: deactivate, usage: 'deactivate NICK   ends every session; sign-in refused' },
  reactivate: { run: reactivate, usage: 'reactivate NICK' },
  'list-users': { run: listUsersCommand, usage: 'list-users [--role admin|member|deactivated] [--search TEXT]' },
  audit: { run: auditCommand, usage: 'audit [--user NICK] [--room ID] [--action ACTION] [--since TIME] [--limit N]' },
  export: {
    run: exportCommand,
    usage:
      'export [--room NAME] --out FILE   JSON Lines: users (no passwords), rooms, members, messages, attachments; bytes in FILE.files/',
  },
  import: { run: importCommand, usage: 'import FILE   into an empty server (with the bytes in FILE.files/)' },
  backup: {
    run: backupCommand,
    besideServer: backupFromRunningServer,
    usage: 'backup --out DIR   PGlite: a tarball of the data directory (from the running server if one holds it); PostgreSQL: pg_dump',
  },
};

const usage = () =>
  [
    'usage: npm run admin -- <command>',
    ...Object.values(COMMANDS).map((command) => `  ${command.usage}`),
    '  restore FILE   a PGlite backup into an empty DATA_DIR',
  ].join('\n');

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** A refusal's exit code, its reason on stderr; anything else is a bug and keeps its stack. */
function refusal(error: unknown): number {
  if (!(error instanceof CliError)) throw error;
  process.stderr.write(`${error.message}\n`);
  return error.exitCode;
}

async function exitCodeOf(work: () => Promise<void>): Promise<number> {
  try {
    await work();
    return 0;
  } catch (error) {
    return refusal(error);
  }
}

/**
 * `npm run admin -- <command>`: account administration on the configured database (the server's own
 * environment variables). Exit codes: 0 done, 1 refused (the reason on stderr), 2 usage or a store in use.
 */
async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const command = COMMANDS[args.command];
  // Restore opens no store (it creates one), so it runs outside the usual context.
  if (args.command === 'restore') return exitCodeOf(async () => out(await restoreCommand(args)));
  if (!command) {
    process.stderr.write(`${usage()}\n`);
    return args.command === 'help' ? 0 : 2;
  }
  let ctx: AdminContext;
  try {
    ctx = await openAdminContext();
  } catch (error) {
    const { besideServer } = command;
    if (error instanceof DataDirBusyError && besideServer) return exitCodeOf(() => besideServer(error.dataDir, args, out));
    return refusal(error);
  }
  try {
    return await exitCodeOf(() => command.run(ctx, args));
  } finally {
    await ctx.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
