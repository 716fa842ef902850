/**
 * The command palette (Ctrl+K / Cmd+K): a text box over a filtered list of commands, arrow keys to move, Enter to
 * run, Escape to close. EditorCommands builds the editor's commands and opens the palette and the shortcut sheet
 * from the keyboard.
 */
export { CommandPalette, type CommandPaletteProps } from "./CommandPalette.js";
export { EditorCommands, type EditorCommandsProps } from "./EditorCommands.js";
export { filterCommands, matchScore, type PaletteCommand } from "./match.js";
