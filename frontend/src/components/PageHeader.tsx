import type { ReactNode } from "react";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

/** PageHeader shows a page's heading and names the browser tab after it. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  useDocumentTitle(title);
  return (
    <header className="page-header">
      <h1 className="page-header__title">{title}</h1>
      {children ? <div className="page-header__actions">{children}</div> : null}
    </header>
  );
}
