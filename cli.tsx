// Entry: parse flags, pick the command, run it, exit with its code. Commands are imported lazily so
// `--help`, `contexts` and the explorer's first frame load only what they use.
import process from 'node:process';
import meow from 'meow';
import {commandFlags, joinDashValues, knownFlagNames} from './source/commands/flags.js';
import {runCommand, commandNames, type CommandName} from './source/commands/dispatch.js';
import {usageLine} from './source/commands/report-error.js';
import {version} from './source/version.js';

const cli = meow(
	`
  Usage
    $ prg-doctor [command] [flags]

  Commands
    (none)      interactive explorer (needs a TTY; without one it prints \`nodes\`)
    contexts    kubeconfig contexts, with reachability and server version
    nodes       node pools and nodes of a context, with predicted readiness
    probe       run the probe on nodes, live; per-node and per-pool results
    host        check this machine as the host of a local kind/Minikube/Docker Desktop cluster
    fix         the fix for a gate in an environment, step by step
    explain     classify probe output (FILE or - for stdin) into status, gate and fix
    manifest    print the probe pod manifest (YAML), optionally pinned with --node
    cleanup     delete probe pods this tool left behind (by label)
    report      support report: markdown (default) or JSON, secrets redacted
    sim         run the simulated clusters and write a kubeconfig for them

  Global flags
    --kubeconfig PATH      kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
    --context NAME         context (default: current-context)
    -n, --namespace NS     probe namespace (default: the context's, else default)
    -o, --output FORMAT    table | json | markdown (default table)
    --demo                 use the built-in simulated clusters
    --no-color             no colours (NO_COLOR is honoured too)
    --read-only            offer no action that changes a machine or cluster beyond probe pods

  probe       --all  --pool NAME…  --node NAME…  --per-pool K  --concurrency N (20)
              --timeout SECONDS (120)  --image REF (alpine:3.19)  --image-pull-secret NAME  --keep
  contexts    --no-check           list only what the kubeconfig says (no network)
  nodes       --from-file PATH|-   (a \`kubectl get nodes -o json|yaml\` dump, offline)
  fix         --gate GATE --environment ENV   or   --context NAME --pool NAME
  explain     --environment ENV | --node-file PATH
  manifest    --node NAME  --image REF
  cleanup     --all-namespaces
  report      --redact-hosts
  sim         --kubeconfig PATH  --nodes N  --latency MS  --kubelet real|recorded|auto  --fault SPEC…

  Exit codes
    0 all ready · 1 a gate blocks a node (or the host) · 2 could not run · 3 some nodes undetermined

  Examples
    $ prg-doctor --demo
    $ prg-doctor probe --context prod --pool gpu-workers
    $ kubectl logs prg-probe | prg-doctor explain - --environment eks-bottlerocket
`,
	{
		importMeta: import.meta,
		// Given, so meow does not search the disk for package.json at every start.
		pkg: {name: 'prg-doctor', version, description: 'Checks that Kubernetes nodes can run Plan Runner Group sandboxes (unprivileged user namespaces), names the gate that blocks a node and walks you through the fix.'},
		argv: joinDashValues(process.argv.slice(2)),
		// Unknown flags are refused below in our own one-line form, with the next step.
		allowUnknownFlags: true,
		flags: commandFlags,
	},
);

// meow answers --help and --version only when alone on the line; anywhere else they must still
// answer, never run the command (`prg-doctor probe --help` must not probe).
if (cli.unnormalizedFlags.help === true || cli.unnormalizedFlags.h === true) cli.showHelp(0);
if (cli.unnormalizedFlags.version === true) cli.showVersion();

const known = knownFlagNames();
const unknown = Object.keys(cli.unnormalizedFlags).filter((flag) => !known.has(flag));
if (unknown.length > 0) {
	const shown = unknown.map((flag) => (flag.length === 1 ? `-${flag}` : `--${flag.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`)).join(', ');
	process.stderr.write(usageLine(`unknown flag ${shown}`, 'run `prg-doctor --help` for the flags each command takes'));
	process.exit(2);
}

const [name, ...input] = cli.input;
if (name !== undefined && !commandNames.includes(name as CommandName)) {
	process.stderr.write(usageLine(`unknown command "${name}"`, `run \`prg-doctor --help\` to list the commands (${commandNames.join(', ')})`));
	process.exit(2);
}

// A promise, not a top-level await: the bundle is a CommonJS script (see scripts/build.mjs).
void runCommand((name ?? 'explorer') as CommandName | 'explorer', cli.flags, input).then((code) => {
	process.exitCode = code;
});
