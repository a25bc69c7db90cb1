import { useSyncExternalStore } from "react";

/** PHONE_QUERY matches phone-width windows, where pages fold into one column (styles.css uses the same width). */
export const PHONE_QUERY = "(max-width: 720px)";

/** useMediaQuery tells whether a CSS media query matches, following changes; false where matchMedia is missing. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      if (typeof window === "undefined" || !window.matchMedia) return () => {};
      const mq = window.matchMedia(query);
      mq.addEventListener("change", onChange);
      return () => mq.removeEventListener("change", onChange);
    },
    () => (typeof window !== "undefined" && window.matchMedia ? window.matchMedia(query).matches : false),
    () => false,
  );
}
