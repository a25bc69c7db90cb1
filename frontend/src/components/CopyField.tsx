import { useState } from "react";

/** CopyField shows a value (a link, a key) in a read-only field with a Copy button. */
export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // No clipboard permission: select the text so Ctrl+C copies it.
      const input = document.getElementById(id);
      if (input instanceof HTMLInputElement) input.select();
      setCopied("no");
    }
  }
  return (
    <div className="form__field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-field">
        <input id={id} type="text" readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button button--quiet button--small" onClick={() => void copy()} aria-label={`Copy ${label}`}>
          Copy
        </button>
      </div>
      <span className="form__hint" aria-live="polite">
        {copied === "yes" ? "Copied." : copied === "no" ? "Press Ctrl+C (⌘C) to copy the selected text." : ""}
      </span>
    </div>
  );
}
