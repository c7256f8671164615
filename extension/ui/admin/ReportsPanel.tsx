/**
 * Recipients, preview, "send now" and the archive of sent reports need the report API, which
 * this version's client does not have yet. Until it does, say so plainly rather than show
 * controls that cannot work.
 */
export function ReportsPanel() {
  return (
    <section class="subsection placeholder" aria-labelledby="report-delivery-heading" data-testid="reports-placeholder">
      <h3 id="report-delivery-heading">Recipients, preview and sending</h3>
      <p>
        Not available yet in this version of Steward. Once it is, this is where you choose who receives the report, preview it before it goes
        out, send it straight away, and see every report sent with how its delivery went for each person.
      </p>
      <p class="hint">The schedule, time zone and jargon words above are saved now, and the first report will follow them.</p>
    </section>
  );
}
