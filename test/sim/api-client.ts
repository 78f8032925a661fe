// A bare HTTPS client for protocol tests: verifies the sim's certificate against the CA in the
// kubeconfig it wrote, sends a bearer token, and reads plain answers or watch streams.
import {readFileSync} from 'node:fs';
import {request} from 'node:https';
import yaml from 'js-yaml';

type Kubeconfig = {clusters: {name: string; cluster: {server: string; 'certificate-authority-data': string}}[]};

export type Answer = {status: number; headers: Record<string, string | string[] | undefined>; text: string; json: any};

export class ApiClient {
	readonly ca: string;
	constructor(
		readonly server: string,
		kubeconfigPath: string,
		readonly token: string | null,
	) {
		const config = yaml.load(readFileSync(kubeconfigPath, 'utf8')) as Kubeconfig;
		this.ca = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString('utf8');
	}

	as(token: string | null): ApiClient {
		return Object.assign(Object.create(ApiClient.prototype), this, {token});
	}

	send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
		return new Promise((resolve, reject) => {
			const text = body === undefined ? undefined : JSON.stringify(body);
			const req = request(`${this.server}${path}`, {method, ca: this.ca, headers: {...(this.token ? {Authorization: `Bearer ${this.token}`} : {}), ...(text ? {'Content-Type': 'application/json'} : {}), Accept: 'application/json', ...headers}}, (res) => {
				let data = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (data += chunk));
				res.on('end', () => {
					let json: unknown = null;
					try {
						json = JSON.parse(data);
					} catch {
						json = null;
					}
					resolve({status: res.statusCode ?? 0, headers: res.headers, text: data, json});
				});
			});
			req.on('error', reject);
			req.end(text);
		});
	}

	/** Opens a watch; collects events until `until` says enough (or the stream ends) and closes it. */
	watch(path: string, until: (events: any[]) => boolean, timeoutMs = 10_000, headers: Record<string, string> = {}): Promise<{events: any[]; ended: boolean}> {
		return new Promise((resolve, reject) => {
			const events: any[] = [];
			let buffer = '';
			let done = false;
			const req = request(`${this.server}${path}`, {ca: this.ca, headers: {Authorization: `Bearer ${this.token}`, ...headers}}, (res) => {
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => {
					buffer += chunk;
					let index;
					while ((index = buffer.indexOf('\n')) >= 0) {
						events.push(JSON.parse(buffer.slice(0, index)));
						buffer = buffer.slice(index + 1);
					}
					if (!done && until(events)) finish(false);
				});
				res.on('end', () => finish(true));
			});
			const timer = setTimeout(() => finish(false), timeoutMs);
			const finish = (ended: boolean): void => {
				if (done) return;
				done = true;
				clearTimeout(timer);
				req.destroy();
				resolve({events, ended});
			};
			req.on('error', (error) => (done ? undefined : reject(error)));
			req.end();
		});
	}
}
