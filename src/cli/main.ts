#!/usr/bin/env node
// The cpn-kit executable. Commands are registered in ./program.ts (one import and one register
// call per command file, next to the `command-registrations` and `command-list` comments there).
import { main } from './program.js';

await main(process.argv);
