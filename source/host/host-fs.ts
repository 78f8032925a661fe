// Reads /proc, /etc and /sys beneath an injectable root, so tests can hand the host check a recorded
// Ubuntu tree. A file that is missing, unreadable or refuses reads (procfs answers EINVAL on some
// attr files) is a state the checks report, never an exception.
import {lstat, readFile} from 'node:fs/promises';
import {join} from 'node:path';

export type FileRead =
	| {readonly state: 'ok'; readonly text: string}
	| {readonly state: 'missing'}
	| {readonly state: 'denied'}
	| {readonly state: 'error'; readonly message: string};

export type HostFs = {
	readonly root: string;
	read(path: string): Promise<FileRead>;
	/** lstat, so /proc/self/ns/user (a magic symlink) counts as present. */
	exists(path: string): Promise<boolean | null>;
};

export function hostFs(root = '/'): HostFs {
	const resolve = (path: string) => (root === '/' ? path : join(root, path));
	return {
		root,
		async read(path) {
			try {
				return {state: 'ok', text: await readFile(resolve(path), 'utf8')};
			} catch (error) {
				const code = (error as NodeJS.ErrnoException).code;
				if (code === 'ENOENT' || code === 'ENOTDIR') return {state: 'missing'};
				if (code === 'EACCES' || code === 'EPERM') return {state: 'denied'};
				return {state: 'error', message: (error as Error).message};
			}
		},
		async exists(path) {
			try {
				await lstat(resolve(path));
				return true;
			} catch (error) {
				const code = (error as NodeJS.ErrnoException).code;
				if (code === 'ENOENT' || code === 'ENOTDIR') return false;
				return null;
			}
		},
	};
}

/** The trimmed text of a read, or null when there is none. */
export function textOf(read: FileRead): string | null {
	return read.state === 'ok' ? read.text.trim() : null;
}
