/** The --backend option shared by every command that computes with tensors. */
import type { Command } from 'commander';
import { initBackend, parseBackendChoice } from '../backend/index.js';

export function addBackendOption(command: Command): Command {
  return command.option(
    '--backend <name>',
    'tensor backend: auto (the fastest that starts here), native, wasm or cpu (env TEMPORA_BACKEND also sets it)',
    'auto',
  );
}

/** Starts the chosen backend and says on stderr which one runs. */
export async function startBackend(choice: string | undefined): Promise<string> {
  const name = await initBackend(parseBackendChoice(choice === 'auto' ? process.env['TEMPORA_BACKEND'] : choice));
  process.stderr.write(`tempora: backend ${name}\n`);
  return name;
}
