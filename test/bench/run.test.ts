// `npm run bench -- --quick`: every benchmark at a small size. These tests check that each figure
// is produced and sane and that the run leaves nothing behind — never how fast anything is.
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, test} from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const cli = process.env.PRG_DOCTOR_CLI || join(root, 'dist', 'cli.js');

type Run = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string};

function bench(args: string[], options: {onStderr?: (text: string, kill: (signal?: NodeJS.Signals) => void) => void; timeoutMs?: number} = {}): Promise<Run> {
	if (!existsSync(cli)) spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {stdio: 'inherit'});
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench', 'run.ts'), '--cli', cli, ...args], {cwd: root, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 170_000);
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString('utf8');
			options.onStderr?.(stderr, (signal = 'SIGTERM') => child.kill(signal));
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({code, signal, stdout, stderr});
		});
	});
}

/** The scratch directory the run announced; everything it started carries it in its argv. */
function scratchOf(stderr: string): string {
	const match = /^bench: scratch (\S+)$/m.exec(stderr);
	assert.ok(match, `the run should announce its scratch directory:\n${stderr}`);
	return match[1]!;
}

/** Processes a run started (sims, explorers on ptys, kubectl): each inherits PRG_DOCTOR_BENCH_RUN. */
function processesOf(scratch: string): string[] {
	const tag = `PRG_DOCTOR_BENCH_RUN=${scratch}`;
	const found: string[] = [];
	for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		try {
			if (!readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(tag)) continue;
			found.push(`${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')}`);
		} catch {
			// Gone meanwhile.
		}
	}
	return found;
}

function assertCleanedUp(scratch: string): void {
	assert.equal(existsSync(scratch), false, `${scratch} should be removed`);
	assert.deepEqual(processesOf(scratch), [], 'nothing the run started should still be running');
}

const keys = ['firstFrameMs', 'bareNodeMs', 'contextsMs', 'kubectlContextsMs', 'nodes5kMs', 'kubectlNodes5kMs', 'probe1k', 'keyLatencyMs', 'rssMiB'];

function assertFigure(name: string, value: unknown): void {
	assert.equal(typeof value, 'number', `${name} should be a number, got ${JSON.stringify(value)}`);
	assert.ok(Number.isFinite(value) && (value as number) > 0, `${name} should be a positive finite number, got ${value}`);
}

describe('npm run bench -- --quick', () => {
	test('prints one JSON object with exactly the figures, each positive and finite, and cleans up', async () => {
		const run = await bench(['--quick', '--json']);
		assert.equal(run.code, 0, `bench failed:\n${run.stderr}`);
		const lines = run.stdout.trim().split('\n');
		assert.equal(lines.length, 1, `stdout should hold only the JSON object:\n${run.stdout}`);
		const figures = JSON.parse(lines[0]!) as Record<string, unknown>;
		assert.deepEqual(Object.keys(figures), keys);
		const probe = figures.probe1k as Record<string, unknown>;
		assert.deepEqual(Object.keys(probe), ['wallMs', 'idealMs', 'requestsPerNode']);
		for (const key of keys.filter((key) => key !== 'probe1k')) assertFigure(key, figures[key]);
		for (const key of Object.keys(probe)) assertFigure(`probe1k.${key}`, probe[key]);
		// Quick sizes: 50 nodes at concurrency 50 and 100 ms per pod make one 100 ms wave.
		assert.equal(probe.idealMs, 100);
		assert.ok((probe.wallMs as number) >= 100, 'a probe cannot beat the pod latency');
		assert.ok((probe.requestsPerNode as number) >= 1, 'every probed node costs at least its pod create');
		assert.ok((figures.rssMiB as number) > 10 && (figures.rssMiB as number) < 4096, `rssMiB ${figures.rssMiB} is not a process's memory`);
		assertCleanedUp(scratchOf(run.stderr));
	});

	test('the table names every figure with its anchor', async () => {
		const run = await bench(['--quick', '--only', 'contexts']);
		assert.equal(run.code, 0, `bench failed:\n${run.stderr}`);
		assert.match(run.stdout, /contexts -o json --no-check\s+\S+ ms\s+kubectl config get-contexts: \S+ ms\s+\S+×/);
		assert.match(run.stdout, /first frame \(20 contexts\)\s+not run/, 'a benchmark left out by --only reads "not run", not "failed"');
		assertCleanedUp(scratchOf(run.stderr));
	});

	test('stops the sim it started and removes its files when interrupted', async () => {
		let sent = false;
		const run = await bench(['--quick', '--only', 'nodes'], {
			onStderr: (text, kill) => {
				// Interrupt once the sim is up and the first measurement is running.
				if (!sent && /bench: sim up/.test(text)) {
					sent = true;
					kill();
				}
			},
			timeoutMs: 60_000,
		});
		assert.ok(sent, `the run never reported its sim up:\n${run.stderr}`);
		assert.notEqual(run.code, 0);
		assertCleanedUp(scratchOf(run.stderr));
	});

	test('killed outright (SIGKILL), its sim still stops, and the next run removes its files', async () => {
		let sent = false;
		const killed = await bench(['--quick', '--only', 'nodes'], {
			onStderr: (text, kill) => {
				if (!sent && /bench: sim up/.test(text)) {
					sent = true;
					kill('SIGKILL');
				}
			},
			timeoutMs: 60_000,
		});
		assert.ok(sent, `the run never reported its sim up:\n${killed.stderr}`);
		assert.equal(killed.signal, 'SIGKILL');
		const scratch = scratchOf(killed.stderr);
		// The kernel's parent-death signal reaches the sim at once; it then stops its servers.
		for (let waited = 0; processesOf(scratch).length > 0 && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
		assert.deepEqual(processesOf(scratch), [], 'the sim should stop when the harness dies');
		const next = await bench(['--quick', '--only', 'contexts']);
		assert.equal(next.code, 0, next.stderr);
		assertCleanedUp(scratch);
		assertCleanedUp(scratchOf(next.stderr));
	});
});
