/** CalendarLegend explains the calendar's colours and marks. */
export function CalendarLegend() {
  const items: { className: string; label: string }[] = [
    { className: "legend__swatch--primary", label: "Primary" },
    { className: "legend__swatch--primary-bh", label: "Primary, business-hours layer" },
    { className: "legend__swatch--secondary", label: "Secondary" },
    { className: "legend__swatch--secondary-bh", label: "Secondary, business-hours layer" },
    { className: "legend__swatch--shadow", label: "Shadow (learning)" },
    { className: "legend__swatch--override", label: "Override" },
    { className: "legend__swatch--mine", label: "Your shift (click to give it away)" },
    { className: "legend__swatch--gap", label: "Coverage gap" },
    { className: "legend__swatch--pairing", label: "Pairing broken" },
  ];
  return (
    <ul className="legend" aria-label="Legend">
      {items.map((i) => (
        <li key={i.label} className="legend__item">
          <span className={`legend__swatch ${i.className}`} aria-hidden="true" />
          {i.label}
        </li>
      ))}
    </ul>
  );
}
