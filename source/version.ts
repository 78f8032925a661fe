// The tool's version: baked into the bundle by scripts/build.mjs; read from package.json when the
// sources run directly (tests, tsx).
import {readFileSync} from 'node:fs';

declare const __PRG_DOCTOR_VERSION__: string | undefined;

export const version: string =
	typeof __PRG_DOCTOR_VERSION__ === 'string'
		? __PRG_DOCTOR_VERSION__
		: (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string}).version;
