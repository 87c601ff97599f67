import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The command that runs one of the project's CLI scripts (lib/cli/NAME.ts) in its own Node
 * process through tsx, as the server starts training runs and uploaded-file imports: off the
 * request path, on the other core, and unable to take the server down when it crashes or is killed.
 * tsx is loaded into that one process (`node --import tsx`), not run as its CLI: the CLI starts a
 * second Node process, so killing the pid the caller holds (kill -9, a stuck run) would leave
 * the real importer or trainer running, orphaned, still holding the database's write lock.
 */
export function cliCommand(script: 'train' | 'import', args: string[]): { command: string; args: string[]; cwd: string } {
  const root = /*turbopackIgnore: true*/ process.cwd();
  const tsx = pathToFileURL(path.join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return { command: process.execPath, args: ['--import', tsx, path.join(root, 'lib', 'cli', `${script}.ts`), ...args], cwd: root };
}
