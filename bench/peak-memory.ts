/** Preloaded into a measured process (node --import): prints its peak resident memory and processor time when it exits. */
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`peak-rss-kb ${usage.maxRSS} cpu-us ${usage.userCPUTime + usage.systemCPUTime}\n`);
});
