import { useEffect } from "react";

/** useDocumentTitle names the browser tab after the page shown. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Rota` : "Rota";
  }, [title]);
}
