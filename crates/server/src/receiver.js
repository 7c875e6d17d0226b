// The practice receiver's only script. The server's Content-Security-Policy forbids
// inline script and sending forms (form-action 'none'), so "Send a test booking" posts
// the form's fields with fetch, then reloads the page to show what arrived.
document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!form.matches('form[data-send]')) return;
  event.preventDefault();
  const status = document.getElementById('send-status');
  const button = form.querySelector('button');
  button.disabled = true;
  status.textContent = 'Sending a test booking\u2026';
  try {
    const response = await fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form)),
    });
    if (response.ok) {
      location.assign('/receiver/?sent=' + Date.now() + '#received');
      return;
    }
    status.textContent = await response.text();
  } catch (error) {
    status.textContent = 'The page could not reach the server: ' + error.message;
  }
  button.disabled = false;
});
