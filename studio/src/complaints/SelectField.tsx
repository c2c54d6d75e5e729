import { useId } from 'react';

/**
 * A labelled select whose label sits beside it (label for=id) rather than around it: a label wrapping a select would take
 * the options' text into its name, so "电话 Phone" would name both the channel select and the phone field.
 */
export function SelectField({
  label,
  value,
  values,
  labels,
  onChange,
}: {
  label: string;
  value: string;
  values: readonly string[];
  labels: Record<string, string>;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {values.map((option) => (
          <option key={option} value={option}>
            {labels[option] ?? option}
          </option>
        ))}
      </select>
    </div>
  );
}
