/** `tempora info`: version, Node version, and which backend starts here. */
import type { Command } from 'commander';
import { addBackendOption, startBackend } from '../backend-option.js';
import { VERSION } from '../../core/version.js';

export function register(program: Command): void {
  addBackendOption(
    program.command('info').description('print the Tempora version, the Node version and the tensor backend that starts'),
  ).action(async (opts: { backend: string }) => {
    const backend = await startBackend(opts.backend);
    process.stdout.write(`tempora ${VERSION}\nnode ${process.version}\nbackend ${backend}\n`);
  });
}
