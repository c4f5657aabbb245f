/** Every CLI command, grouped by area. Add an area's list here. */
import type { Command } from '../command';
import { documentCommands } from './documents';
import { workspaceCommands } from './workspace';

export const commands: readonly Command[] = [...workspaceCommands, ...documentCommands];
