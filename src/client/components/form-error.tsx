/** A refusal beside the form that caused it. */
export function FormError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p class="form-error" role="alert">
      {error}
    </p>
  );
}
