// host-apparmor-sysctl and node-apparmor-sysctl: Ubuntu 23.10+ kernels restrict unprivileged user
// namespaces through AppArmor (kernel.apparmor_restrict_unprivileged_userns=1). A local cluster on
// Docker shares the host's kernel, so the host's setting decides; a cluster node needs its own.
import type {EnvironmentId, Fix, FixStep} from '../types.js';
import {environmentTitle, sharesHostKernel} from './environment-words.js';
import {cloudInitSysctl, localCommand, nodeDebug, persistSysctlCommand, reprobePool, rerunHost, shellQuote, snippet, step, sysctlDaemonSet} from './steps.js';

const sysctlName = 'kernel.apparmor_restrict_unprivileged_userns';
const setting = `${sysctlName}=0`;
const confFile = '/etc/sysctl.d/99-prg-userns.conf';
const confLine = `${sysctlName} = 0`;

const why = 'Ubuntu 23.10 and later set kernel.apparmor_restrict_unprivileged_userns=1: an unconfined process may still create a user namespace, but AppArmor moves it into a profile that cannot map IDs, so the sandbox fails with "Operation not permitted" — while the documented one-line probe still says OK.';

/** VM-backed local clusters: the setting belongs to the VM's kernel, reached through its own shell. */
const vmShells: Partial<Record<EnvironmentId, readonly string[]>> = {
	'minikube-vm': ['minikube', 'ssh', '--', 'sudo'],
	colima: ['colima', 'ssh', '--', 'sudo'],
	'rancher-desktop': ['rdctl', 'shell', 'sudo'],
	// No shell into these VMs: a privileged container entering PID 1's namespaces reaches the VM kernel.
	'docker-desktop': ['docker', 'run', '--rm', '--privileged', '--pid=host', 'alpine:3.19', 'nsenter', '-t', '1', '-m', '-u', '-n', '-i'],
	orbstack: ['docker', 'run', '--rm', '--privileged', '--pid=host', 'alpine:3.19', 'nsenter', '-t', '1', '-m', '-u', '-n', '-i'],
};

function vmSteps(environment: EnvironmentId, shell: readonly string[]): FixStep[] {
	const argv = [...shell, 'sysctl', setting];
	return [
		step(
			`Turn the restriction off inside the ${environmentTitle(environment)} VM`,
			`${environmentTitle(environment)} runs its nodes in its own VM, so the VM’s kernel is the one to change, not this machine’s. The setting lasts until the VM restarts; run this again after a restart.`,
			snippet('sh', argv.map(shellQuote).join(' ')),
			localCommand(argv, {needsRoot: false, changesMachine: true}),
		),
	];
}

function hostSteps(environment: EnvironmentId | null): FixStep[] {
	const vmAlternative =
		environment === 'minikube-docker'
			? step(
					'Alternative: run Minikube in a VM instead',
					'A VM driver brings its own kernel, free of the host’s AppArmor policy, and leaves the host setting alone. This recreates the cluster.',
					snippet('sh', 'minikube delete\nminikube start --driver=kvm2    # or --driver=virtualbox, --driver=qemu'),
				)
			: step(
					'Alternative: keep the host setting and use a VM',
					`${environment === null ? 'A local cluster' : environmentTitle(environment)} has no VM mode of its own: its nodes are containers on this kernel. To leave the host restricted, run the cluster inside a VM (Multipass, Lima), or use Minikube with a VM driver (\`minikube start --driver=kvm2\`).`,
				);
	return [
		step(
			'Check the setting on this machine',
			'1 means AppArmor restricts unprivileged user namespaces; every kind or Minikube (Docker driver) node on this machine inherits it.',
			snippet('sh', `sysctl ${sysctlName}`),
			localCommand(['sysctl', sysctlName], {needsRoot: false, changesMachine: false}),
		),
		step(
			'Turn the restriction off',
			'This lifts the restriction for every program on this machine, until the next reboot. Running clusters pick it up at once; nothing needs restarting.',
			snippet('sh', `sudo sysctl ${setting}`),
			localCommand(['sudo', 'sysctl', setting], {needsRoot: true, changesMachine: true}),
		),
		step(
			'Keep it after a reboot',
			`Writes ${confFile}, which the system applies at every boot.`,
			snippet('sh', `echo ${shellQuote(confLine)} | sudo tee ${confFile}`),
			persistSysctlCommand(confFile, confLine),
		),
		vmAlternative,
	];
}

export function hostAppArmorSysctl(environment: EnvironmentId | null): Fix {
	const shell = environment === null ? undefined : vmShells[environment];
	const onVm = shell !== undefined && environment !== null;
	return {
		id: 'host-apparmor-sysctl',
		title: onVm ? `Lift AppArmor’s user-namespace restriction in the ${environmentTitle(environment)} VM` : 'Lift AppArmor’s user-namespace restriction on this machine',
		gate: 'apparmor-userns',
		environment,
		why: sharesHostKernel(environment) || environment === null ? `${why} Your local cluster’s nodes share this machine’s kernel, so its setting is the one that counts.` : why,
		steps: onVm ? vmSteps(environment, shell) : hostSteps(environment),
		verify: rerunHost,
	};
}

function nodeImageStep(environment: EnvironmentId | null): FixStep {
	if (environment === 'gke-ubuntu') {
		return step(
			'For good: keep the DaemonSet, or move the pool to Container-Optimized OS',
			'GKE’s node system configuration does not offer this sysctl, so the DaemonSet is what keeps new Ubuntu nodes fixed. A Container-Optimized OS pool does not carry Ubuntu’s restriction.',
			snippet('sh', 'gcloud container node-pools create <pool>-cos --cluster <cluster> --image-type=COS_CONTAINERD'),
		);
	}
	if (environment === 'aks-ubuntu') {
		return step(
			'For good: keep the DaemonSet, or move the pool to Azure Linux',
			'AKS custom node configuration does not offer this sysctl, so the DaemonSet is what keeps new Ubuntu nodes fixed. An Azure Linux node pool does not carry Ubuntu’s restriction.',
			snippet('sh', 'az aks nodepool add --resource-group <group> --cluster-name <cluster> --name <pool> --os-sku AzureLinux'),
		);
	}
	return step(
		'For good: put it in the node image or user data',
		`Nodes built from an image you control can carry the setting from their first boot, e.g. with cloud-init user data that writes ${confFile}.`,
		snippet('yaml', cloudInitSysctl(confFile, confLine)),
	);
}

export function nodeAppArmorSysctl(environment: EnvironmentId | null): Fix {
	return {
		id: 'node-apparmor-sysctl',
		title: 'Lift AppArmor’s user-namespace restriction on the pool’s nodes',
		gate: 'apparmor-userns',
		environment,
		why: `${why} On a cluster the setting belongs to each node of the Plan Runner Group pool.`,
		steps: [
			step('Confirm on a node', 'A node debug pod reads the setting from the node itself; 1 confirms this gate.', snippet('sh', nodeDebug(`sysctl ${sysctlName}`))),
			step(
				'Set it on every node of the pool with a DaemonSet',
				'A privileged init container sets the kernel setting on each node it lands on, and new nodes get it as they join. It needs a namespace that admits privileged pods (kube-system usually does). Set the nodeSelector to the Plan Runner Group pool, then `kubectl apply -f prg-userns-apparmor.yaml`.',
				snippet('yaml', sysctlDaemonSet('prg-userns-apparmor', setting, environment)),
			),
			nodeImageStep(environment),
		],
		verify: reprobePool,
	};
}
