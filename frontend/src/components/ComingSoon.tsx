/** ComingSoon stands in for a section that is not built yet. */
export function ComingSoon({ what }: { what: string }) {
  return (
    <section className="coming-soon" aria-label="Coming soon">
      <p className="coming-soon__lead">Coming soon.</p>
      <p>{what}</p>
    </section>
  );
}
