/** Test one phase: the dialog (TestStepDialog) and the editor's way of opening it (TestStepFromEditor: prefill, API). */
export { contextOfRun, emptyContext } from "./step-context.js";
export { TestStepDialog, type TestStepDialogProps } from "./TestStepDialog.js";
export { TestStepFromEditor, type TestStepFromEditorProps } from "./TestStepFromEditor.js";
