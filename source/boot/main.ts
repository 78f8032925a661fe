// dist/cli.js: runs the app bundle with the code cache for the command about to run. Kept tiny and
// free of dependencies: everything here runs before the first byte of the app.
import {join} from 'node:path';
import {cacheRole} from './cache-role.js';
import {loadScript} from './compile-cache.js';

/** Set by scripts/build.mjs: the app bundle's file name under dist/chunks/. */
declare const __PRG_DOCTOR_APP__: string;

loadScript(join(__dirname, 'chunks', __PRG_DOCTOR_APP__), {role: cacheRole(process.argv.slice(2))});
