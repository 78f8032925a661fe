// Reading a FILE or `-` (stdin) argument, with one-line refusals for what a user actually hits.
import {readFile, stat} from 'node:fs/promises';
import {UsageError} from '../errors.js';
import type {Io} from './types.js';

const maxBytes = 64 * 1024 * 1024;

export async function readInput(path: string, io: Io, what: string): Promise<string> {
	if (path === '-') {
		if (io.stdin.isTTY) {
			throw new UsageError(`reading ${what} from stdin, but stdin is a terminal`, 'pipe it in (`… | prg-doctor …`) or give a file path');
		}
		const chunks: Buffer[] = [];
		for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer));
		return decode(Buffer.concat(chunks), 'stdin', what);
	}
	let size: number;
	try {
		const info = await stat(path);
		if (info.isDirectory()) throw new UsageError(`${path} is a directory, not ${what}`, 'give the path of a file');
		size = info.size;
	} catch (error) {
		if (error instanceof UsageError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') throw new UsageError(`no such file: ${path}`, `check the path, or use - to read ${what} from stdin`);
		if (code === 'EACCES') throw new UsageError(`cannot read ${path}: permission denied`, 'check the file permissions');
		throw new UsageError(`cannot read ${path}: ${(error as Error).message}`, 'check the path');
	}
	if (size > maxBytes) throw new UsageError(`${path} is ${Math.round(size / 1024 / 1024)} MiB; that is not ${what}`, 'give the right file');
	return decode(await readFile(path), path, what);
}

function decode(bytes: Buffer, source: string, what: string): string {
	if (bytes.length === 0) throw new UsageError(`${source} is empty; expected ${what}`, 'check that the command that made it succeeded');
	const sample = bytes.subarray(0, 8192);
	const controls = sample.filter((byte) => byte === 0 || (byte < 8) || (byte > 13 && byte < 27 && byte !== 0x1b)).length;
	if (sample.includes(0) || controls > sample.length * 0.1 || !isUtf8(sample)) {
		throw new UsageError(`${source} looks like binary data, not ${what}`, 'give the text output (copy it from the terminal or save it with > file.txt)');
	}
	return bytes.toString('utf8');
}

/** Text here is UTF-8 (probe output, logs, YAML); random bytes almost never are. A cut-off last character is fine. */
function isUtf8(sample: Buffer): boolean {
	try {
		new TextDecoder('utf-8', {fatal: true}).decode(sample, {stream: true});
		return true;
	} catch {
		return false;
	}
}
