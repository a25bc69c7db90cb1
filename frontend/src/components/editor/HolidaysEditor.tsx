import { useEditor, useField } from "./EditorContext";
import { FieldMessage } from "./FieldMessage";

function HolidayRow({ index, date }: { index: number; date: string }) {
  const { dispatch } = useEditor();
  const path = `holidays[${index}]`;
  const field = useField(path);
  return (
    <li className="holiday-row">
      <label htmlFor={field.props.id} className="sr-only">
        Holiday {index + 1}
      </label>
      <input {...field.props} type="date" value={date} onChange={(e) => dispatch({ type: "setHoliday", index, date: e.target.value })} />
      <button type="button" className="button button--quiet button--small" aria-label={`Remove holiday ${date || index + 1}`} onClick={() => dispatch({ type: "removeHoliday", index })}>
        Remove
      </button>
      <FieldMessage path={path} />
    </li>
  );
}

/** HolidaysEditor lists the dates that weekly-window layers skip. */
export function HolidaysEditor({ holidays }: { holidays: string[] }) {
  const { dispatch } = useEditor();
  const all = useField("holidays");
  return (
    <fieldset className="form__fieldset">
      <legend>Holidays</legend>
      <p className="form__hint">Whole local days removed from every business-hours (weekly window) layer.</p>
      {holidays.length > 0 ? (
        <ul className="holiday-list">
          {holidays.map((d, i) => (
            <HolidayRow key={i} index={i} date={d} />
          ))}
        </ul>
      ) : null}
      <button {...all.props} type="button" className="button button--quiet button--small" onClick={() => dispatch({ type: "addHoliday" })}>
        Add holiday
      </button>
      <FieldMessage path="holidays" />
    </fieldset>
  );
}
