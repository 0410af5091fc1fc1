/** Live cues do not exist in the API yet; this page says so rather than pretend. */
export function Live() {
  return (
    <>
      <h1>Live</h1>
      <p className="notice">Live cues are coming. When the live API is available, this page will replay an example conversation with the cues an agent would see as it happens (“customer mentioned a deadline tonight: acknowledge it before troubleshooting”).</p>
      <p>Nothing on this page is simulated: until then there is nothing to show.</p>
    </>
  );
}
