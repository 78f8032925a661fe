// `npm run bench`: every benchmark of issue 7 against its anchor, measured in one run on this
// machine. `--json` prints only the figures as one JSON object; `--quick` runs every benchmark at a
// small size (the test under test/bench/ does, to see each figure produced). Whatever it starts
// (simulated clusters, explorers on ptys, temp files) is stopped and removed on every way out.
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {benchContexts} from './benchmarks/contexts.js';
import {benchKeys} from './benchmarks/keys.js';
import {benchNodes} from './benchmarks/nodes.js';
import {benchProbe} from './benchmarks/probe.js';
import {benchStartup} from './benchmarks/startup.js';
import {fullSizes, quickSizes, type BenchContext} from './context.js';
import {writeManyContexts} from './kubeconfig.js';
import {cleanupAll, installCleanupHandlers, tempDir} from './processes.js';
import {emptyFigures, toJson, toTable, type Details} from './report.js';
import {startSimProcess} from './sim.js';

const {values} = parseArgs({options: {json: {type: 'boolean', default: false}, quick: {type: 'boolean', default: false}, only: {type: 'string', multiple: true}, cli: {type: 'string'}, nodes: {type: 'string'}}});
// --cli measures another build (say, a variant of the bundle) against the same anchors.
const cli = values.cli ?? fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
	process.stderr.write(`bench: ${cli} is missing; run \`npm run build\` first (\`npm run bench\` does)\n`);
	process.exit(2);
}

installCleanupHandlers();
// --nodes N sizes the listing and the explorer's cluster differently (say, to find where memory goes).
const sizes = {...(values.quick ? quickSizes : fullSizes), ...(values.nodes ? {nodes: Number(values.nodes)} : {})};
if (!Number.isInteger(sizes.nodes) || sizes.nodes < 1) throw new Error(`--nodes ${values.nodes}: expected a whole number of nodes`);
const context: BenchContext = {cli, dir: tempDir('run'), sizes, progress: (line) => process.stderr.write(`bench: ${line}\n`)};
context.progress(`scratch ${context.dir}`);
// Every process the run starts inherits this, so what it started can be found by its environment
// (meow's process.title rewrites command lines).
process.env.PRG_DOCTOR_BENCH_RUN = context.dir;
const figures = emptyFigures();
const details: Details = {errors: []};
const wanted = (name: string) => values.only === undefined || values.only.includes(name);

/** Runs one benchmark (or, with `required`, a piece several need), recording a failure by name. */
async function step(name: string, run: () => Promise<void>, required = false): Promise<void> {
	if (!required && !wanted(name)) return;
	try {
		await run();
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		details.errors.push({bench: name, message});
		context.progress(`${name} failed: ${message}`);
	}
}

try {
	const kubeconfig = writeManyContexts(context.dir, sizes.contexts);
	await step('startup', async () => {
		const startup = await benchStartup(context, kubeconfig);
		figures.firstFrameMs = startup.firstFrameMs;
		figures.bareNodeMs = startup.bareNodeMs;
		if (startup.firstFrameCpuMs !== null) details.firstFrameCpuMs = startup.firstFrameCpuMs;
		details.bareNodeCpuMs = startup.bareNodeCpuMs;
	});
	await step('contexts', async () => void Object.assign(figures, await benchContexts(context, kubeconfig)));
	if (wanted('nodes') || wanted('keys')) {
		await step('sim', async () => {
			context.progress(`starting a sim with ${sizes.nodes} nodes`);
			const sim = await startSimProcess({cli, dir: context.dir, nodes: sizes.nodes, latencyMs: sizes.probeLatencyMs, name: 'large'});
			try {
				await step('nodes', async () => {
					const {nodesMs, kubectlNodesMs} = await benchNodes(context, sim.kubeconfigPath);
					figures.nodes5kMs = nodesMs;
					figures.kubectlNodes5kMs = kubectlNodesMs;
				});
				await step('keys', async () => {
					const keys = await benchKeys(context, sim.kubeconfigPath);
					figures.keyLatencyMs = keys.keyLatencyMs;
					figures.rssMiB = keys.rssMiB;
					details.keyFrameMs = keys.keyFrameMs;
					details.keyP90Ms = keys.keyP90Ms;
				});
			} finally {
				await sim.stop();
			}
		}, true);
	}
	await step('probe', async () => {
		context.progress(`starting a sim with ${sizes.probeNodes} nodes, ${sizes.probeLatencyMs} ms pod latency`);
		const sim = await startSimProcess({cli, dir: context.dir, nodes: sizes.probeNodes, latencyMs: sizes.probeLatencyMs, name: 'probe'});
		try {
			const probe = await benchProbe(context, sim);
			figures.probe1k = {wallMs: probe.wallMs, idealMs: probe.idealMs, requestsPerNode: probe.requestsPerNode};
			details.probeRequests = probe.requests;
		} finally {
			await sim.stop();
		}
	});
} finally {
	await cleanupAll();
}

process.stdout.write(values.json ? `${toJson(figures)}\n` : toTable(figures, details, sizes, values.quick));
process.exitCode = details.errors.length > 0 ? 1 : 0;
