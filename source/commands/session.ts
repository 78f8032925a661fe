// Opening what a command needs: the kubeconfig (or, with --demo, the built-in simulated clusters
// started in-process), then a client for the chosen context. Whatever is opened is closed by
// `close()`, which commands call in `finally`.
import type {KubeClient} from '../kube/client.js';
import {loadKubeconfig, type LoadedKubeconfig} from '../kube/kubeconfig.js';
import type {GlobalFlags, Io} from './types.js';

export type Session = {
	readonly config: LoadedKubeconfig;
	readonly demo: boolean;
	close(): Promise<void>;
};

export type ClientSession = Session & {
	readonly client: KubeClient;
	/** --namespace, else the context's namespace, else default. */
	readonly namespace: string;
};

export async function openSession(global: GlobalFlags, io: Io): Promise<Session> {
	if (global.demo) {
		const {startSim} = await import('../sim/index.js');
		const sim = await startSim({kubelet: 'auto'});
		try {
			const config = await loadKubeconfig({path: sim.kubeconfigPath, env: io.env});
			return {config, demo: true, close: () => sim.stop()};
		} catch (error) {
			await sim.stop();
			throw error;
		}
	}
	const config = await loadKubeconfig({path: global.kubeconfig, env: io.env});
	for (const warning of config.warnings) io.stderr.write(`prg-doctor: warning: ${warning}\n`);
	return {config, demo: false, close: async () => {}};
}

export async function openClient(global: GlobalFlags, io: Io): Promise<ClientSession> {
	const session = await openSession(global, io);
	try {
		const client = await session.config.clientFor(global.context);
		return {...session, client, namespace: global.namespace ?? client.namespace};
	} catch (error) {
		await session.close();
		throw error;
	}
}
