/** The run dialog (RunDialog), and the editor's way of opening it (RunFromEditor: which version, publish first). */
export {
  type DraftToPublish,
  type PublishedVersion,
  RunDialog,
  type RunDialogProps,
  sampleInputOf,
} from "./RunDialog.js";
export { RunFromEditor, type RunFromEditorProps } from "./RunFromEditor.js";
