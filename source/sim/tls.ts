// The sim's certificates: one throw-away CA (written into the kubeconfig) and one server
// certificate for 127.0.0.1 signed by it, so clients verify TLS exactly as they would against a
// real cluster. ECDSA P-256 keeps start-up in the tens of milliseconds; nothing is cached on disk.
import selfsigned from 'selfsigned';

export type SimCertificates = {caPem: string; certPem: string; keyPem: string};

export async function makeCertificates(): Promise<SimCertificates> {
	const notBeforeDate = new Date(Date.now() - 60_000);
	const notAfterDate = new Date(Date.now() + 7 * 24 * 3600_000);
	const ca = await selfsigned.generate([{name: 'commonName', value: 'prg-doctor-sim-ca'}], {
		keyType: 'ec',
		curve: 'P-256',
		algorithm: 'sha256',
		notBeforeDate,
		notAfterDate,
		extensions: [
			{name: 'basicConstraints', cA: true, critical: true},
			{name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true},
		],
	});
	const server = await selfsigned.generate([{name: 'commonName', value: 'kube-apiserver'}], {
		keyType: 'ec',
		curve: 'P-256',
		algorithm: 'sha256',
		notBeforeDate,
		notAfterDate,
		ca: {key: ca.private, cert: ca.cert},
		extensions: [
			{name: 'basicConstraints', cA: false, critical: true},
			{name: 'keyUsage', digitalSignature: true, critical: true},
			{name: 'extKeyUsage', serverAuth: true},
			{
				name: 'subjectAltName',
				altNames: [
					{type: 7, ip: '127.0.0.1'},
					{type: 2, value: 'localhost'},
					{type: 2, value: 'kubernetes.default.svc'},
				],
			},
		],
	});
	return {caPem: ca.cert, certPem: server.cert, keyPem: server.private};
}
