// Pods and waits shared by the HTTP tests.
import assert from 'node:assert/strict';
import type {ApiClient} from '../api-client.js';

export const probePod = (name: string, extra: Record<string, unknown> = {}) => ({
	apiVersion: 'v1',
	kind: 'Pod',
	metadata: {name, labels: {'app.kubernetes.io/name': 'prg-probe', run: name} as Record<string, string>},
	spec: {
		restartPolicy: 'Never',
		securityContext: {runAsNonRoot: true, runAsUser: 3377, runAsGroup: 3377},
		containers: [{name: 'probe', image: 'alpine:3.19', command: ['sh', '-c'], args: ['unshare -U echo OK || echo FAILED'], securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, seccompProfile: {type: 'Unconfined'}}} as Record<string, unknown>],
		...extra,
	} as Record<string, unknown>,
});

export async function waitForPhase(api: ApiClient, name: string, phases: string[], timeoutMs = 5000): Promise<any> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const answer = await api.send('GET', `/api/v1/namespaces/default/pods/${name}`);
		if (phases.includes(answer.json?.status?.phase)) return answer.json;
		if (Date.now() > deadline) assert.fail(`pod ${name} stayed ${answer.json?.status?.phase}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
