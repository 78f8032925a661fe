// Which code cache fits this run: the explorer and each command run different code, so each keeps
// its own (source/boot/compile-cache.ts).
import {commandNames} from '../commands/names.js';

/**
 * The first word on the command line that names a command, else the explorer. A flag's value that
 * happens to be a command name (`--context nodes`) only picks a less fitting cache.
 */
export function cacheRole(argv: readonly string[]): string {
	return argv.find((word) => (commandNames as readonly string[]).includes(word)) ?? 'explorer';
}
