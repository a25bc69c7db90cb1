import { errorId } from "../schedules/fieldPaths";
import { FieldError } from "./FieldError";

/** PathError shows the server's message for a field path beside its control, if there is one. */
export function PathError({ path, errors }: { path: string; errors: Readonly<Record<string, string>> }) {
  return <FieldError id={errorId(path)} message={errors[path]} />;
}
