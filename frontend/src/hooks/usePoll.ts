import { useEffect, useRef, useState } from "react";

/**
 * usePoll calls refresh every `ms` milliseconds while the component is
 * shown, skipping ticks while the browser tab is hidden.
 */
export function usePoll(refresh: () => void, ms: number): void {
  const ref = useRef(refresh);
  ref.current = refresh;
  useEffect(() => {
    const timer = setInterval(() => {
      if (typeof document !== "undefined" && document.visibilityState === "hidden") return;
      ref.current();
    }, ms);
    return () => clearInterval(timer);
  }, [ms]);
}

/** useNow is the current time, renewed every `ms` milliseconds, for "updated 7 s ago" and ages. */
export function useNow(ms = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** useLastChange is when `value` last changed identity (each successful load gives a new object). */
export function useLastChange(value: unknown): Date | undefined {
  const [at, setAt] = useState<Date | undefined>(undefined);
  useEffect(() => {
    if (value !== undefined) setAt(new Date());
  }, [value]);
  return at;
}
