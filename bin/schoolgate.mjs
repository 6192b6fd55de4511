#!/usr/bin/env node
// The `schoolgate` command. TypeScript sources run through tsx, so no build step is needed after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
