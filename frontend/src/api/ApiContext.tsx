import { createContext, useContext, type ReactNode } from "react";
import { api as defaultClient, type ApiClient } from "./client";

const ApiContext = createContext<ApiClient>(defaultClient);

/** ApiProvider hands a client to the pages below it; tests pass a fake-fetch one. */
export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

/** useApi returns the client every page uses for its calls. */
export function useApi(): ApiClient {
  return useContext(ApiContext);
}
