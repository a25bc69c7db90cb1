import { isApiError } from "../api/client";

/** errorMessage is what the app shows for a failed call. */
export function errorMessage(err: unknown): string {
  if (isApiError(err)) return err.message;
  if (err instanceof Error && err.message) return err.message;
  return "Something went wrong. Try again.";
}

/** errorField is the input the server named in a 400, if any. */
export function errorField(err: unknown): string | undefined {
  return isApiError(err) ? err.field : undefined;
}
