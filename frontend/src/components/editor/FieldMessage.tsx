import { FieldError } from "../FieldError";
import { useField } from "./EditorContext";

/** FieldMessage shows the server's message for a field path, if there is one. */
export function FieldMessage({ path }: { path: string }) {
  const { error, errorId } = useField(path);
  return <FieldError id={errorId} message={error} />;
}
