// Writes a snippet to a new file and says where. Never overwrites: an existing name gets -2, -3…
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';

export async function writeNewFile(directory: string, name: string, text: string): Promise<string> {
	const dot = name.lastIndexOf('.');
	const stem = dot > 0 ? name.slice(0, dot) : name;
	const extension = dot > 0 ? name.slice(dot) : '';
	for (let attempt = 1; attempt < 1000; attempt++) {
		const path = join(directory, attempt === 1 ? name : `${stem}-${attempt}${extension}`);
		try {
			await writeFile(path, text.endsWith('\n') ? text : `${text}\n`, {flag: 'wx', mode: 0o644});
			return path;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
	}
	throw new Error(`too many files named ${name} in ${directory}`);
}
