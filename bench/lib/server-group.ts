import { ServerProcess, type ServerSpec } from './server-process.js';

/**
 * The server under test as one or several processes (a cluster sharing one
 * database and Redis); figures are summed over the processes, and the group
 * stops when every process has.
 */
export class ServerGroup {
  private constructor(readonly members: ServerProcess[]) {}

  /** Starts the processes one after the other (the first runs the migrations). */
  static async start(specs: ServerSpec[]): Promise<ServerGroup> {
    const members: ServerProcess[] = [];
    try {
      for (const spec of specs) members.push(await ServerProcess.start(spec));
    } catch (error) {
      await Promise.all(members.map((member) => member.stop()));
      throw error;
    }
    return new ServerGroup(members);
  }

  /** Spawn to listening, of the first process. */
  get startupMs(): number {
    return this.members[0]?.startupMs ?? 0;
  }

  cpuSeconds(): number {
    return this.members.reduce((total, member) => total + member.cpuSeconds(), 0);
  }

  rssKiB(): number {
    return this.members.reduce((total, member) => total + member.rssKiB(), 0);
  }

  assertAlive(): void {
    for (const member of this.members) member.assertAlive();
  }

  async stop(graceMs?: number): Promise<{ graceful: boolean; ms: number }> {
    const stopped = await Promise.all(this.members.map((member) => member.stop(graceMs)));
    return { graceful: stopped.every((s) => s.graceful), ms: Math.max(...stopped.map((s) => s.ms)) };
  }
}
