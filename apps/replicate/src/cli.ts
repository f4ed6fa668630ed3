#!/usr/bin/env node
// fluid-replicate: the paper's experiments (filled by the replication issue).
console.error('fluid-replicate: not built yet');
process.exitCode = 1;
