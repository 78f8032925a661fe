// The kubeconfig the sim writes: one cluster entry per simulated cluster (own port, the sim's CA
// inline), one bearer-token user per profile user, one context per profile context.
export type KubeconfigCluster = {name: string; server: string};
export type KubeconfigContext = {name: string; cluster: string; user: string; namespace?: string};
export type KubeconfigUser = {name: string; token: string};

const quote = (text: string): string => JSON.stringify(text);

/** First line of every kubeconfig the sim writes, so it only ever overwrites its own. */
export const kubeconfigMarker = '# Written by prg-doctor sim: simulated clusters on 127.0.0.1 (safe to delete).';

/** YAML (every scalar double-quoted, so no value can change meaning). */
export function renderKubeconfig(options: {caPem: string; clusters: KubeconfigCluster[]; contexts: KubeconfigContext[]; users: KubeconfigUser[]; current: string}): string {
	const ca = Buffer.from(options.caPem).toString('base64');
	const lines = [kubeconfigMarker, 'apiVersion: v1', 'kind: Config', 'preferences: {}', `current-context: ${quote(options.current)}`, 'clusters:'];
	for (const cluster of options.clusters) {
		lines.push(`- name: ${quote(cluster.name)}`, '  cluster:', `    server: ${quote(cluster.server)}`, `    certificate-authority-data: ${quote(ca)}`);
	}
	lines.push('contexts:');
	for (const context of options.contexts) {
		lines.push(`- name: ${quote(context.name)}`, '  context:', `    cluster: ${quote(context.cluster)}`, `    user: ${quote(context.user)}`);
		if (context.namespace) lines.push(`    namespace: ${quote(context.namespace)}`);
	}
	lines.push('users:');
	for (const user of options.users) lines.push(`- name: ${quote(user.name)}`, '  user:', `    token: ${quote(user.token)}`);
	return `${lines.join('\n')}\n`;
}
