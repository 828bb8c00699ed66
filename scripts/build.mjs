// Clean build: stale output from deleted sources must never be tested or shipped.
import { chmodSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { buildSync } from 'esbuild';

const require = createRequire(import.meta.url);
rmSync('dist', { recursive: true, force: true });
const result = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
chmodSync('dist/src/cli/main.js', 0o755);

// tfjs-core publishes its gradient registrations only as extensionless ESM files, which Node cannot
// import; bundling them once makes them loadable (they register into tfjs's global registries).
buildSync({
  entryPoints: [require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: 'dist/vendor/tfjs-gradients.js',
  logLevel: 'warning',
});
