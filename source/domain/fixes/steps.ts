// Small builders the fix catalog shares: steps, snippets, local commands (argv, never a shell
// string), and the node-side snippets several fixes reuse.
import type {EnvironmentId, FixCommand, FixStep, Snippet} from '../types.js';

export function step(title: string, text: string, snippet: Snippet | null = null, command: FixCommand | null = null): FixStep {
	return {title, text, snippet, command};
}

export function snippet(language: string, content: string): Snippet {
	return {language, content: content.endsWith('\n') ? content : `${content}\n`};
}

/** How a shell would need an argument written, for the `run` line the user reads. */
export function shellQuote(arg: string): string {
	return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function localCommand(
	argv: readonly string[],
	options: {readonly needsRoot: boolean; readonly changesMachine: boolean; readonly stdin?: string; readonly run?: string},
): FixCommand {
	const run = options.run ?? argv.map(shellQuote).join(' ');
	return {
		run,
		argv,
		...(options.stdin === undefined ? {} : {stdin: options.stdin}),
		needsRoot: options.needsRoot,
		changesMachine: options.changesMachine,
	};
}

/** Writes a sysctl.d file with `sudo tee` (argv + stdin): no shell, no redirection to trust. */
export function persistSysctlCommand(path: string, line: string): FixCommand {
	return localCommand(['sudo', 'tee', path], {
		stdin: `${line}\n`,
		needsRoot: true,
		changesMachine: true,
		run: `echo ${shellQuote(line)} | sudo tee ${path}`,
	});
}

/** Run a command in the node's own root via an ephemeral debug pod (kubectl >= 1.27 for --profile). */
export function nodeDebug(command: string): string {
	return `kubectl debug node/<node> -it --profile=sysadmin --image=busybox:1.36 -- chroot /host ${command}`;
}

/** The label that names a node's pool in this environment, for a DaemonSet's nodeSelector. */
export function poolLabel(environment: EnvironmentId | null): string | null {
	switch (environment) {
		case 'eks':
		case 'eks-al2':
		case 'eks-al2023':
		case 'eks-bottlerocket':
			return 'eks.amazonaws.com/nodegroup';
		case 'gke':
		case 'gke-cos':
		case 'gke-ubuntu':
			return 'cloud.google.com/gke-nodepool';
		case 'aks':
		case 'aks-ubuntu':
		case 'aks-azurelinux':
			return 'kubernetes.azure.com/agentpool';
		case 'doks':
			return 'doks.digitalocean.com/node-pool';
		default:
			return null;
	}
}

/**
 * A DaemonSet that sets one global kernel sysctl on every node it lands on: a privileged init
 * container writes it (kernel.* and the init user namespace's user.* sysctls are host-wide), a
 * pause container keeps the pod so new nodes get it too.
 */
export function sysctlDaemonSet(name: string, setting: string, environment: EnvironmentId | null): string {
	const label = poolLabel(environment);
	const selector = label === null
		? '      # nodeSelector:            # limit it to the Plan Runner Group pool\n      #   <pool label>: <pool>\n'
		: `      nodeSelector:              # only the Plan Runner Group pool\n        ${label}: <pool>\n`;
	return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
  namespace: kube-system
  labels:
    app.kubernetes.io/name: ${name}
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
    spec:
${selector}      tolerations:
        - operator: Exists
      initContainers:
        - name: sysctl
          image: busybox:1.36
          command: ["sysctl", "-w", "${setting}"]
          securityContext:
            privileged: true
      containers:
        - name: pause
          image: registry.k8s.io/pause:3.9
          resources:
            requests: {cpu: 1m, memory: 4Mi}
`;
}

/** cloud-init user data that persists a sysctl on nodes built from an image you control. */
export function cloudInitSysctl(file: string, line: string): string {
	return `#cloud-config
write_files:
  - path: ${file}
    content: |
      ${line}
runcmd:
  - [sysctl, --system]
`;
}

export const reprobePool = 'Re-probe the pool: `prg-doctor probe --pool <pool>`. Every node should show ok, and the pool N/N ready.';
export const rerunHost = 'Re-run `prg-doctor host`: the unshare check should pass. Then re-probe the cluster: `prg-doctor probe`.';
