/** A labelled one-line input or text area, for the studio's forms (one home instead of a copy per area). */
export function Text({
  label,
  value,
  onChange,
  area = false,
  type = 'text',
  required = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  area?: boolean;
  type?: string;
  required?: boolean;
}) {
  return (
    <label>
      {label}
      {area ? (
        <textarea value={value} required={required} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input type={type} value={value} required={required} onChange={(event) => onChange(event.target.value)} />
      )}
    </label>
  );
}
