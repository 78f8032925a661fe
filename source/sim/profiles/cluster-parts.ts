// Namespaces and users as every profile writes them.
import {randomBytes} from 'node:crypto';
import type {KNamespace} from '../../domain/k8s.js';

const tokens = new Map<string, string>();

/** A bearer token per user name, random per process (what the sim's kubeconfig carries). */
export function tokenFor(user: string): string {
	let token = tokens.get(user);
	if (!token) {
		token = `sim-${randomBytes(24).toString('base64url')}`;
		tokens.set(user, token);
	}
	return token;
}

export function namespace(name: string, labels: Record<string, string> = {}, annotations?: Record<string, string>): KNamespace {
	return {
		apiVersion: 'v1',
		kind: 'Namespace',
		metadata: {name, labels: {'kubernetes.io/metadata.name': name, ...labels}, ...(annotations ? {annotations} : {})},
		status: {phase: 'Active'},
	};
}
