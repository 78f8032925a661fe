// dist/cli.js: runs the app bundle with the code cache for the command about to run. Kept tiny and
// free of dependencies: everything here runs before the first byte of the app.
import {join} from 'node:path';
import {cacheRole} from './cache-role.js';
import {loadScript} from './compile-cache.js';

/** Set by scripts/build.mjs: the app bundle's file name under dist/chunks/. */
declare const __PRG_DOCTOR_APP__: string;

const app = join(__dirname, 'chunks', __PRG_DOCTOR_APP__);
try {
	loadScript(app, {role: cacheRole(process.argv.slice(2))});
} catch (error) {
	if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || (error as NodeJS.ErrnoException).path !== app) throw error;
	process.stderr.write(`prg-doctor: this install is incomplete: ${app} is missing\n  next: reinstall prg-doctor (from a checkout: npm run build)\n`);
	process.exitCode = 2;
}
