// Placeholder while the command is being built; replaced by its real implementation.
import {UsageError} from '../errors.js';
import type {Command} from './types.js';

export const contextsCommand: Command = async () => {
	throw new UsageError('`contexts` is not built yet', 'see README.md for the commands that work today');
};
