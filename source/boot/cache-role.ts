// Which code cache fits this run: the explorer and each command run different code, so each keeps
// its own (source/boot/compile-cache.ts).
import {commandNames} from '../commands/names.js';

/**
 * The first word on the command line that names a command, else the explorer; null for --help and
 * --version. A flag's value that happens to be a command name (`--context nodes`) only picks a less
 * fitting cache.
 */
export function cacheRole(argv: readonly string[]): string | null {
	// Help and the version say nothing of what later starts run: they keep no cache of their own.
	if (argv.some((word) => word === '--help' || word === '-h' || word === '--version')) return null;
	return argv.find((word) => (commandNames as readonly string[]).includes(word)) ?? 'explorer';
}
