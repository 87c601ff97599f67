import path from 'node:path';

/**
 * The command that runs one of the project's CLI scripts (lib/cli/NAME.ts) in its own Node
 * process through tsx, as the server starts training runs and uploaded-file imports: off the
 * request path, on the other core, and unable to take the server down when it crashes or is killed.
 */
export function cliCommand(script: 'train' | 'import', args: string[]): { command: string; args: string[]; cwd: string } {
  const root = /*turbopackIgnore: true*/ process.cwd();
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  return { command: process.execPath, args: [tsx, path.join(root, 'lib', 'cli', `${script}.ts`), ...args], cwd: root };
}
