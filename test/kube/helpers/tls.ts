// Throwaway PKI for the client tests: a CA, a server certificate for 127.0.0.1/localhost signed by
// it, a client certificate, and the broken variants (another CA, expired, wrong host name).
import {generate} from 'selfsigned';

export type Pem = {cert: string; key: string};
export type Pki = {ca: Pem; server: Pem; client: Pem; otherCa: Pem; expired: Pem; wrongHost: Pem};

const caExtensions = [
	{name: 'basicConstraints' as const, cA: true, critical: true},
	{name: 'keyUsage' as const, keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true},
];

async function makeCa(commonName: string): Promise<Pem> {
	const ca = await generate([{name: 'commonName', value: commonName}], {keyType: 'ec', curve: 'P-256', algorithm: 'sha256', extensions: caExtensions, notAfterDate: inDays(30)});
	return {cert: ca.cert, key: ca.private};
}

async function leaf(ca: Pem, commonName: string, altNames: {type: 2 | 7; value?: string; ip?: string}[], options: {client?: boolean; notBeforeDate?: Date; notAfterDate?: Date} = {}): Promise<Pem> {
	const pem = await generate([{name: 'commonName', value: commonName}], {
		keyType: 'ec',
		curve: 'P-256',
		algorithm: 'sha256',
		ca: {key: ca.key, cert: ca.cert},
		notBeforeDate: options.notBeforeDate ?? inDays(-1),
		notAfterDate: options.notAfterDate ?? inDays(30),
		extensions: [
			{name: 'basicConstraints', cA: false},
			{name: 'keyUsage', digitalSignature: true, keyEncipherment: true},
			{name: 'extKeyUsage', serverAuth: !options.client, clientAuth: options.client === true},
			...(altNames.length > 0 ? [{name: 'subjectAltName' as const, altNames}] : []),
		],
	});
	return {cert: pem.cert, key: pem.private};
}

function inDays(days: number): Date {
	return new Date(Date.now() + days * 86_400_000);
}

let cached: Promise<Pki> | null = null;

export function testPki(): Promise<Pki> {
	cached ??= (async () => {
		const ca = await makeCa('prg-test-ca');
		const otherCa = await makeCa('some-other-ca');
		const local = [{type: 7 as const, ip: '127.0.0.1'}, {type: 2 as const, value: 'localhost'}];
		return {
			ca,
			otherCa,
			server: await leaf(ca, 'kube-apiserver', local),
			client: await leaf(ca, 'kubernetes-admin', [], {client: true}),
			expired: await leaf(ca, 'kube-apiserver', local, {notBeforeDate: inDays(-30), notAfterDate: inDays(-1)}),
			wrongHost: await leaf(ca, 'kube-apiserver', [{type: 2, value: 'api.elsewhere.example'}]),
		};
	})();
	return cached;
}
