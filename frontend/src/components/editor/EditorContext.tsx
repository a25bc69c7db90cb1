import { createContext, useContext, type Dispatch } from "react";
import type { Engineer } from "../../api/types";
import type { EditorAction } from "../../schedules/editorState";
import { controlProps, errorId } from "../../schedules/fieldPaths";

export interface EditorContextValue {
  dispatch: Dispatch<EditorAction>;
  /** errors maps a control's field path to the server's message for it. */
  errors: Readonly<Record<string, string>>;
  /** members are the team's members, the people layers can rotate through. */
  members: readonly Engineer[];
  readOnly: boolean;
}

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditor(): EditorContextValue {
  const ctx = useContext(EditorContext);
  if (!ctx) throw new Error("useEditor must be used inside the schedule editor");
  return ctx;
}

/**
 * useField gives a control its id (from its field path) and, when the server
 * named that path, aria-invalid and the id of the message beside it.
 */
export function useField(path: string) {
  const { errors } = useEditor();
  return { props: controlProps(path, errors), error: errors[path], errorId: errorId(path) };
}
