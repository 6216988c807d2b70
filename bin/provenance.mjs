#!/usr/bin/env node
// The CLI is TypeScript over the same lib/ as the extension; tsx compiles it on the fly
// so that `npx provenance` needs no separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
