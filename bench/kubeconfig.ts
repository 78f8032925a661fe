// The kubeconfig the startup benchmarks read: 20 contexts shaped like what `aws eks
// update-kubeconfig`, `gcloud container clusters get-credentials` and `kind` write (taken from the
// project's kubeconfig fixtures), every server pointed at a closed local port so a background
// reachability check fails fast and nothing leaves the machine.
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import yaml from 'js-yaml';

type Named<T> = {name: string} & T;
type Config = {
	clusters: Array<Named<{cluster: Record<string, unknown>}>>;
	contexts: Array<Named<{context: Record<string, unknown>}>>;
	users: Array<Named<{user: Record<string, unknown>}>>;
};

// kind first: the current context then authenticates with a client certificate, so kubectl
// (which resolves the current context's credentials even for `config get-contexts`) runs no exec
// plugin and the anchor measures kubectl itself.
const fixtures = ['kind.yaml', 'eks.yaml', 'gke.yaml'];
const deadServer = 'https://127.0.0.1:9';

export function writeManyContexts(dir: string, count = 20): string {
	const shapes = fixtures.map((file) => yaml.load(readFileSync(new URL(`../test/fixtures/kubeconfigs/${file}`, import.meta.url), 'utf8')) as Config);
	const config: Config & Record<string, unknown> = {apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: [], contexts: [], users: [], 'current-context': ''};
	for (let index = 0; index < count; index++) {
		const shape = shapes[index % shapes.length]!;
		const suffix = `-${String(index + 1).padStart(2, '0')}`;
		const name = `${shape.contexts[0]!.name}${suffix}`;
		config.clusters.push({name, cluster: {...shape.clusters[0]!.cluster, server: deadServer}});
		config.users.push({name, user: shape.users[0]!.user});
		config.contexts.push({name, context: {cluster: name, user: name, ...(index % 4 === 3 ? {namespace: 'platform'} : {})}});
	}
	config['current-context'] = config.contexts[0]!.name;
	const path = join(dir, 'kubeconfig-20');
	writeFileSync(path, yaml.dump(config, {lineWidth: -1}), {mode: 0o600});
	return path;
}
