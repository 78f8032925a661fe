// The last probe run per context, kept so `report` (and a support engineer) can show it later
// without probing again. Stored under $PRG_DOCTOR_STATE_DIR, else $XDG_STATE_HOME/prg-doctor, else
// ~/.local/state/prg-doctor; written atomically; holds no credentials (only results and logs).
import {mkdir, readFile, rename, writeFile} from 'node:fs/promises';
import {homedir} from 'node:os';
import {join} from 'node:path';
import type {ProbeRun} from './types.js';

export type StoredRun = ProbeRun & {readonly finishedAt: string};

export function stateDir(env: NodeJS.ProcessEnv): string {
	if (env.PRG_DOCTOR_STATE_DIR) return env.PRG_DOCTOR_STATE_DIR;
	const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
	return join(base, 'prg-doctor');
}

function fileFor(dir: string, context: string): string {
	return join(dir, `last-probe-${encodeURIComponent(context).replace(/%/g, '_')}.json`);
}

export async function saveLastRun(run: ProbeRun, env: NodeJS.ProcessEnv): Promise<void> {
	const dir = stateDir(env);
	await mkdir(dir, {recursive: true, mode: 0o700});
	const target = fileFor(dir, run.context);
	const temporary = `${target}.${process.pid}.tmp`;
	const stored: StoredRun = {...run, finishedAt: new Date().toISOString()};
	await writeFile(temporary, JSON.stringify(stored), {mode: 0o600});
	await rename(temporary, target);
}

export async function loadLastRun(context: string, env: NodeJS.ProcessEnv): Promise<StoredRun | null> {
	try {
		return JSON.parse(await readFile(fileFor(stateDir(env), context), 'utf8')) as StoredRun;
	} catch {
		return null; // never probed here, or an unreadable leftover: the report just says "no probe yet"
	}
}
