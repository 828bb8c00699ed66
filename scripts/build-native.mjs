// Optional build of the native addon (npm's install step): without a compiler or OpenBLAS the
// install still succeeds and Tempora runs on wasm or cpu, so a failure prints one line, exits 0.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
function nodeGyp() {
  if (process.env.npm_config_node_gyp) return process.env.npm_config_node_gyp;
  try {
    return require.resolve('node-gyp/bin/node-gyp.js', { paths: [require.resolve('npm/package.json', { paths: ['/usr/lib/node_modules'] })] });
  } catch {
    return null;
  }
}
const gyp = nodeGyp();
const args = ['rebuild'];
// Distribution-packaged Node ships its headers: use them instead of downloading.
if (!process.env.npm_config_nodedir && existsSync('/usr/include/node/node_api.h')) args.push('--nodedir=/usr');
const result = gyp
  ? spawnSync(process.execPath, [gyp, ...args], { stdio: process.env.TEMPORA_NATIVE_VERBOSE ? 'inherit' : 'pipe' })
  : { status: 1 };
if (result.status === 0) {
  process.stdout.write('tempora: native backend built\n');
} else {
  const why = gyp ? 'node-gyp failed (is libopenblas-dev installed?)' : 'node-gyp not found';
  process.stderr.write(`tempora: native backend not built (${why}); falling back to wasm/cpu\n`);
}
