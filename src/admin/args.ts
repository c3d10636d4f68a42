/** `command POSITIONAL… --option value --flag`: flags are the options this command takes without a value. */
export interface Args {
  command: string;
  positional: string[];
  options: Map<string, string>;
  flags: Set<string>;
}

const FLAGS = new Set(['password-stdin']);

export function parseArgs(argv: string[]): Args {
  const [command = 'help', ...rest] = argv;
  const args: Args = { command, positional: [], options: new Map(), flags: new Set() };
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] as string;
    if (!word.startsWith('--')) {
      args.positional.push(word);
      continue;
    }
    const [name, inline] = word.slice(2).split('=', 2) as [string, string | undefined];
    if (FLAGS.has(name)) args.flags.add(name);
    else if (inline !== undefined) args.options.set(name, inline);
    else args.options.set(name, rest[++i] ?? '');
  }
  return args;
}
