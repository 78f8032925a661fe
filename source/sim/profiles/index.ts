// The simulated clusters of SPEC section 8: per context, node objects shaped like the real ones of
// that environment, what a real probe finds on each node (its gate and user.max_user_namespaces),
// the namespaces, and the users the kubeconfig names.
import type {KNamespace, KNode} from '../../domain/k8s.js';
import type {Gate} from '../../domain/types.js';
import {UsageError} from '../../errors.js';
import {eksProfile} from './eks.js';
import {kindProfile} from './kind.js';
import {largeProfile} from './large.js';
import {minikubeProfile} from './minikube.js';
import {openshiftProfile} from './openshift.js';

export type SimNode = {
	object: KNode;
	/** `user.max_user_namespaces` on the node; null when the kernel default applies. */
	maxUserNamespaces: number | null;
	/** What a real probe finds on this node. */
	gate: Gate;
};

export type SimUser = {name: string; token: string; canCreatePods: boolean; subject: string};

export type ClusterProfile = {
	id: string;
	contexts: {name: string; user: string}[];
	version: {major: string; minor: string; gitVersion: string; platform: string; [k: string]: string};
	nodes: SimNode[];
	namespaces: KNamespace[];
	users: SimUser[];
	openshift: boolean;
};

/** Every simulated cluster; `sim-large` only when `largeNodes` is given (and positive). */
export function clusterProfiles(options: {largeNodes?: number} = {}): ClusterProfile[] {
	const profiles = [eksProfile(), openshiftProfile(), kindProfile(), minikubeProfile()];
	const large = options.largeNodes;
	if (large !== undefined) {
		if (!Number.isInteger(large) || large < 1 || large > 100_000) {
			throw new UsageError(`--nodes must be a whole number from 1 to 100000, not ${large}`, 'for example: prg-doctor sim --nodes 5000');
		}
		profiles.push(largeProfile(large));
	}
	return profiles;
}
