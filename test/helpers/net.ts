// Network fixtures for tests that need a server to be absent.
import {createServer} from 'node:net';

/** A TCP port nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
