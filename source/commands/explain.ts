// Placeholder while the command is being built; replaced by its real implementation.
import {UsageError} from '../errors.js';
import type {Command} from './types.js';

export const explainCommand: Command = async () => {
	throw new UsageError('`explain` is not built yet', 'see README.md for the commands that work today');
};
